"""Publication: the leak scan, the cleaned report, and the pack built only when clean."""
