#!/bin/bash
# Stands in for a PDF reader whose memory blows up (tests the address-space limit).
data=$(head -c 2000000000 /dev/zero | tr '\0' 'x')
printf 'ok %s\n' "${#data}"
