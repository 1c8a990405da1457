"""A Chinese-English terminology glossary and translation aid for Chinese policy language."""

__version__ = "0.1.0"
