"""Rapport: a writing assistant that keeps customer emails about the customer."""

__version__ = "0.1.0"
