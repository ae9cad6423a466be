"""The speed benchmark's parts: the data sets, in-process renders, load tests, the report."""
