"""Code du cours « L'innovation territoriale et la démocratie participative ».

Le paquet rassemble la logique métier du cours (fonctions et classes de données
simples), la couche de widgets qui l'expose dans les pages, et l'extension Sphinx
qui sert les ressources du site sans aucun hôte tiers.
"""

__version__ = "0.1.0"
