"""tinhgon: a knowledge graph of Vietnam's agencies, plans and structural changes."""

__version__ = "0.1.0"
