"""What a partnership rules: the deadline engine, its rule sets, and the partnership's
settings (shipped defaults here as data, overridden by cases/partnership.yaml)."""
