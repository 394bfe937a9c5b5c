"""What every stage shares: findings, the error family, dates, working days, wording, files.

Imports nothing else of ours.
"""
