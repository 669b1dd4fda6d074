"""The form core: templates, forms, arithmetic, problems and edits.

Standard library only: no Qt, no file-format library (checked by the import contract in pyproject.toml).
"""
