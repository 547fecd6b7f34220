"""HTML for people: the Jinja2 templates, the audit page, the picture of the disputes."""
