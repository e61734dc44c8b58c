#!/usr/bin/env bash
# `npm run demo`: builds a sample legacy data folder (the old app's three JSON files, with the variants real files
# have) and walks the whole cycle with the CLI: status, dry run, migrate, verify, export, an import of a sample notes
# folder with searches over it, and rollback from the encrypted backup; then it migrates again and chats with a migrated profile through a local
# OpenAI-compatible streaming endpoint (the fake provider the chat tests use, standing in for a local Ollama), and
# runs an agent whose model calls a real MCP tool (server-everything's echo), the stored tool call shown; it ends
# with the data folder's hash-chained history and its verification.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -z "${PA_DEMO_IN_KEYCHAIN:-}" ] && command -v dbus-run-session >/dev/null; then
  # No desktop session (CI, SSH): run inside a private keychain so the demo never touches a real one.
  PA_DEMO_IN_KEYCHAIN=1 exec bash scripts/with-keychain.sh bash "$0" "$@"
fi
pa() { echo; echo "\$ personal-agent $*"; bin/personal-agent "$@"; }
demo="$(mktemp -d -t personal-agent-demo-XXXXXX)"
data="$demo/data"
node --import tsx scripts/demo-model-server.ts "$demo/model-url" &
model_server=$!
trap 'kill "$model_server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$demo/model-url" ] && break; sleep 0.2; done
[ -s "$demo/model-url" ] || { echo "!! the local model endpoint did not start"; exit 1; }
node --import tsx scripts/sample-legacy-data.ts "$data" 25 12 "$(cat "$demo/model-url")"
echo "Legacy files:"; ls -l "$data"
mkdir "$demo/original" && cp -p "$data"/*.json "$demo/original/"
pa status --data-dir "$data"
pa migrate --dry-run --data-dir "$data"
pa migrate --data-dir "$data"
echo; echo "Data folder after migration (no plain-text key anywhere in it, the encrypted backup included):"; ls -l "$data"
if grep -rqs "sk-" "$data"; then echo "!! a key was found in the data folder"; exit 1; else echo "no key found in $data"; fi
pa verify --data-dir "$data"
pa export --out "$demo/exported" --data-dir "$data"
node --import tsx scripts/compare-legacy.ts "$demo/original" "$demo/exported"
pa backups list --data-dir "$data"
cp -R test/fixtures/notes "$demo/notes"
echo; echo "A sample notes folder (JSON, Markdown, text and CSV, with broken files among them):"; find "$demo/notes" -type f | sed "s|$demo/||" | sort
pa analyze "$demo/notes"
pa import "$demo/notes" --data-dir "$data"
pa import "$demo/notes" --incremental --data-dir "$data"
pa search "pasteis de nata" --data-dir "$data"
pa search "migrtion" --data-dir "$data"
pa imports --data-dir "$data"
pa rollback --yes --data-dir "$data"
echo; echo "Restored from the encrypted backup, the files are byte-identical to the originals:"
for f in conversations.json models.json mcp_config.json; do cmp "$demo/original/$f" "$data/$f" && echo "  $f identical" || { echo "!! $f differs from the original"; exit 1; }; done
pa status --data-dir "$data"

echo; echo "Migrating again, then chatting with the migrated \"Local Llama\" profile (its endpoint: $(cat "$demo/model-url")):"
pa migrate --data-dir "$data"
pa chat --list-profiles --data-dir "$data"
json_field() { node -e "let s='';process.stdin.on('data',(c)=>(s+=c)).on('end',()=>console.log(($1)(JSON.parse(s))))"; }
profile=$(bin/personal-agent chat --list-profiles --json --data-dir "$data" | json_field "(j) => j.profiles.find((p) => p.name === 'Local Llama').id")
conversation=$(sed '1s/^\xEF\xBB\xBF//' "$demo/original/conversations.json" | json_field "(j) => (Array.isArray(j) ? j : j.conversations).find((c) => c && typeof c.id === 'string' && Array.isArray(c.messages)).id")
pa chat --profile "$profile" --conversation "$conversation" --data-dir "$data" "Did everything make it across?"
echo; echo "The conversation's last two messages, as stored (the reply with its model, usage and status):"
bin/personal-agent chat --profile "$profile" --conversation "$conversation" --json --data-dir "$data" "And the keys?" |
  json_field "(j) => JSON.stringify(j.messages.slice(-2), null, 2)"
pa verify --data-dir "$data"

echo; echo "An agent whose model calls a real MCP tool (server-everything's echo, over stdio), every call allowed:"
everything="$PWD/node_modules/@modelcontextprotocol/server-everything/dist/index.js"
printf '{"mcpServers":{"everything":{"command":"%s","args":["%s","stdio"]}}}\n' "$(command -v node)" "$everything" > "$demo/claude_desktop_config.json"
pa import --format mcp "$demo/claude_desktop_config.json" --data-dir "$data"
pa mcp tools everything --data-dir "$data"
agent=$(bin/personal-agent agents create --name "Demo agent" --profile "$profile" --mcp everything \
  --system-prompt "You check things with tools before you answer." --json --data-dir "$data" | json_field "(j) => j.id")
pa agents list --data-dir "$data"
pa chat --agent "$agent" --new --approve-tools all --data-dir "$data" "Did my MCP servers make it across?"
echo; echo "The same, as stored: the reply that called the tool, the tool call with its result, and the answer:"
bin/personal-agent chat --agent "$agent" --new --approve-tools all --json --data-dir "$data" "And once more?" |
  json_field "(j) => JSON.stringify(j.messages.map((m) => ({ role: m.role, text: m.text, tool: m.tool ?? undefined, status: m.status ?? undefined })), null, 2)"
pa verify --data-dir "$data"
echo; echo "Everything above, as the data folder's history records it (hash-chained; --verify proves no row was edited):"
pa history --limit 12 --data-dir "$data"
pa history --verify --data-dir "$data"
echo; echo "Demo folder: $demo"
