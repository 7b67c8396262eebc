#!/usr/bin/env bash
# Fetches the distractor corpus for the search benchmark (npm package chinese-poetry,
# an 85 MB tarball) into .bench/, which git ignores. Run once before bench/run-jmh.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .bench/chinese-poetry
if [ ! -d .bench/chinese-poetry/package/dist ]; then
  (cd .bench/chinese-poetry && npm pack chinese-poetry@2.0.1 --silent >/dev/null && tar xzf chinese-poetry-2.0.1.tgz && rm chinese-poetry-2.0.1.tgz)
fi
echo "distractors in .bench/chinese-poetry/package/dist ($(find .bench/chinese-poetry/package/dist -name '*.json' | wc -l) JSON files)"
