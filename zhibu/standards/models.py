# The verdicts of the standards engine will live here (issue 5); the catalogue itself is a data file.
