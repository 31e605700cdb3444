"""Shared Python code of the customer segmentation warehouse."""
