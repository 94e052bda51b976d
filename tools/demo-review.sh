#!/usr/bin/env bash
# Plays the case officers of the main job, so sample applications end in decision
# letters: anna (handlaggare) checks and assesses, bo (handlaggare) gives the senior
# review above the grant's level, dora (beslutsfattare) grants the amount applied
# for. Every step goes through the real command line, workflow and letter plugin.
# Usage: tools/demo-review.sh GRANTFLOW DB LETTER_FOLDER
set -euo pipefail
grantflow=$1
db=$2
letters=$3
outcomes="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/forms/samples/outcomes"
gf() { "$grantflow" "$@" --db="$db"; }

# The full names are what the decision letters give for who decided and who presented.
gf roles anna --grant=handlaggare --name="Anna Berg" >/dev/null
gf roles bo --grant=handlaggare --name="Bo Ek" >/dev/null
gf roles dora --grant=beslutsfattare --name="Dora Lind" >/dev/null
gf work >/dev/null

decision=$(mktemp)
trap 'rm -f "$decision"' EXIT
# Each round completes every open review task, then lets the workflow run on.
for round in 1 2 3 4 5 6; do
  tasks=$(gf tasks 2>/dev/null)
  [ -n "$tasks" ] || break
  while IFS=$'\t' read -r id dnr _process node _rest; do
    case "$node" in
      completeness | eligibility | assessment) gf complete "$id" --as=anna --outcome="$outcomes/$node.xml" >/dev/null ;;
      seniorReview) gf complete "$id" --as=bo --outcome="$outcomes/senior.xml" >/dev/null ;;
      decision)
        requested=$(gf cases --search="$dnr" 2>/dev/null | cut -f4 | head -n 1)
        sed "s/AMOUNT/$requested/" "$outcomes/decision.xml" >"$decision"
        gf complete "$id" --as=dora --outcome="$decision" >/dev/null
        ;;
    esac
  done <<<"$tasks"
  gf work >/dev/null
done

# The letters the workflow stored, rendered again into files the user can open.
mkdir -p "$letters"
while IFS=$'\t' read -r dnr _rest; do
  name=${dnr// /-}
  gf letter "$dnr" --type=acknowledgement --out="$letters/$name-mottagningsbevis.pdf" >/dev/null
  gf letter "$dnr" --type=decision --out="$letters/$name-beslut.pdf" >/dev/null ||
    echo "demo-review: $dnr has no decision yet" >&2
done < <(gf cases 2>/dev/null)
echo "demo-review: letters are in $letters"
ls -1 "$letters"
