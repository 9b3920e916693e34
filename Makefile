# The two commands of the README. Each installs what it needs (scripts/setup.sh) and skips what is there.
.PHONY: demo test build sandbox bench

demo:  ## build, start the local sandbox, run the payment flows against it, print each step
	scripts/setup.sh
	scripts/build.sh
	node scripts/demo.mjs

test:  ## every test: Rust native, wasm in Node, the package from JS, the sandbox, TypeScript, the runtimes
	scripts/test.sh

build: ## the npm package into pkg/
	scripts/setup.sh
	scripts/build.sh

sandbox: ## run the sandbox in the foreground (prints URLs and credentials)
	node js/sandbox/cli.js --port 8787

bench: ## benchmarks against their peers: a table with PASS/MISS per target, JSON in bench/results.json (not part of make test)
	scripts/setup.sh
	cd bench && if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then \
	  npm ci --no-audit --no-fund --loglevel=error; fi
	scripts/build.sh
	PAYRAIL_BENCH=1 scripts/build.sh
	node bench/run.mjs

.PHONY: www
www:   ## build, start the sandbox and serve the browser demo page on http://127.0.0.1:8080/ (prints the URL)
	scripts/setup.sh && scripts/build.sh && node scripts/www.mjs
