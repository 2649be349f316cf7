"""Who copied whom: word shingles, MinHash LSH candidates and passage alignment (issue 4)."""
