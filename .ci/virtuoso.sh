# shellcheck shell=bash
# start_virtuoso DIR: a private Virtuoso 7 (Debian's virtuoso-opensource-7) with its database in
# DIR, on two free loopback ports (SQL and HTTP), in the foreground of a background job. Sets
# virtuoso_pid, and exports STSM_TEST_VIRTUOSO_ENDPOINT and STSM_TEST_VIRTUOSO_UPDATE_ENDPOINT
# (both /sparql: Virtuoso answers queries and updates on one URL) and
# STSM_TEST_VIRTUOSO_MAX_ROWS (its ResultSetMaxRows). The anonymous SPARQL user is
# granted SPARQL_UPDATE through isql, so updates need no password (a private, throwaway
# instance on the loopback; a shared server would use /sparql-auth and a user of its own).
# Returns non-zero when Virtuoso is missing or does not come up within 60 s.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_virtuoso() {
    local dir=$1 sql_port http_port
    command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null || return 1
    mkdir -p "$dir"
    sql_port=$(free_port)
    http_port=$(free_port)
    cat >"$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile = $dir/virtuoso.db
ErrorLogFile = $dir/virtuoso.log
LockFile = $dir/virtuoso.lck
TransactionFile = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $dir/virtuoso-temp.db
TransactionFile = $dir/virtuoso-temp.trx
Striping = 0
[Parameters]
ServerPort = 127.0.0.1:$sql_port
DisableUnixSocket = 1
CheckpointInterval = 0
CaseMode = 2
DirsAllowed = ., $dir
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:$http_port
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
MaxClientConnections = 10
MaxKeepAlives = 10
KeepAliveTimeout = 10
EnabledGzipContent = 0
[SPARQL]
ResultSetMaxRows = 10000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
INI
    (cd "$dir" && exec virtuoso-t +foreground +configfile "$dir/virtuoso.ini") >"$dir/stdout.log" 2>&1 &
    virtuoso_pid=$!
    local up=""
    for _ in $(seq 1 600); do
        if isql-vt "127.0.0.1:$sql_port" dba dba exec="GRANT SPARQL_UPDATE TO \"SPARQL\";" >/dev/null 2>&1; then
            up=1
            break
        fi
        kill -0 "$virtuoso_pid" 2>/dev/null || return 1
        sleep 0.1
    done
    [ -n "$up" ] || return 1
    for _ in $(seq 1 100); do
        if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$http_port/sparql?query=ASK%7B%7D', timeout=1)" 2>/dev/null; then
            export STSM_TEST_VIRTUOSO_ENDPOINT="http://127.0.0.1:$http_port/sparql"
            export STSM_TEST_VIRTUOSO_UPDATE_ENDPOINT="http://127.0.0.1:$http_port/sparql"
            export STSM_TEST_VIRTUOSO_MAX_ROWS=10000  # ResultSetMaxRows above
            return 0
        fi
        sleep 0.1
    done
    return 1
}
