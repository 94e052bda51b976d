#!/bin/sh
# Stands in for a PDF reader that never finishes (tests the wall-clock limit).
sleep 60
