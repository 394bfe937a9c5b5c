"""The documents a case needs, each a module: the Combined Summary, the panel pack, the
referral form, requests and chasing, notices, the publication documents. What letters
share (the partnership block, addressees, the national bodies) is in letters.py."""
