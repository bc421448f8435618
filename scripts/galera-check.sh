#!/bin/sh
# HAProxy's external check of a Galera node (scripts/cluster.sh): healthy only while the node is
# synced and ready (wsrep_local_state 4, wsrep_ready ON). Called as: PROXY_ADDR PROXY_PORT ADDR PORT.
state=$(mariadb --no-defaults -h "$3" -P "$4" -ucheck --connect-timeout=1 -N \
  -e "SELECT GROUP_CONCAT(VARIABLE_VALUE ORDER BY VARIABLE_NAME) FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME IN ('WSREP_LOCAL_STATE', 'WSREP_READY')" 2>/dev/null)
[ "$state" = "4,ON" ]
