# Sourced by the bench scripts (not run on its own): moves to the repository root, builds the
# release binary and sets $strata to it, and makes a scratch directory $work (each script's
# EXIT trap removes it, with whatever else it created).
cd "$(dirname "${BASH_SOURCE[1]}")/.."

# Stops with how to install hyperfine when it is missing.
require_hyperfine() {
  command -v hyperfine >/dev/null || { echo "needs hyperfine: apt-get install hyperfine" >&2; exit 1; }
}

cargo build --release --quiet
strata="${CARGO_TARGET_DIR:-$(pwd)/target}/release/strata"
work=$(mktemp -d)
