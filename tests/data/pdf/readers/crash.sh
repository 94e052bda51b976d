#!/bin/sh
# Stands in for a PDF reader that crashes half-way (tests that a crash costs one file).
printf 'pages\t1\n'
kill -SEGV $$
