#pragma once

#include <QLoggingCategory>

// One category per subsystem, switched with QT_LOGGING_RULES, e.g.
// QT_LOGGING_RULES="ddalab.broker.storage.debug=true".
Q_DECLARE_LOGGING_CATEGORY(lcBroker)    // ddalab.broker: start-up, configuration, shutdown
Q_DECLARE_LOGGING_CATEGORY(lcWs)        // ddalab.broker.ws: WebSocket connections
Q_DECLARE_LOGGING_CATEGORY(lcHttp)      // ddalab.broker.http: HTTP API
Q_DECLARE_LOGGING_CATEGORY(lcShares)    // ddalab.broker.shares: publish and revoke
Q_DECLARE_LOGGING_CATEGORY(lcStorage)   // ddalab.broker.storage: database
Q_DECLARE_LOGGING_CATEGORY(lcTeams)     // ddalab.broker.teams: team and membership changes
Q_DECLARE_LOGGING_CATEGORY(lcBackups)   // ddalab.broker.backups: state backups stored and deleted
Q_DECLARE_LOGGING_CATEGORY(lcDirectory) // ddalab.broker.directory: LDAP team lookups
Q_DECLARE_LOGGING_CATEGORY(lcAuth)      // ddalab.broker.auth: logins, sessions, accounts
Q_DECLARE_LOGGING_CATEGORY(lcAudit)     // ddalab.broker.audit: the audit trail
Q_DECLARE_LOGGING_CATEGORY(lcClient)    // ddalab.client: BrokerClient connections (monitor, tests)
