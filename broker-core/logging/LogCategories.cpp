#include "LogCategories.h"

// Debug lines are off unless QT_LOGGING_RULES turns them on (as the README says); Qt's own
// default would print them.

Q_LOGGING_CATEGORY(lcBroker, "ddalab.broker", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWs, "ddalab.broker.ws", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "ddalab.broker.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcShares, "ddalab.broker.shares", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStorage, "ddalab.broker.storage", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTeams, "ddalab.broker.teams", QtInfoMsg)
Q_LOGGING_CATEGORY(lcBackups, "ddalab.broker.backups", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDirectory, "ddalab.broker.directory", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "ddalab.broker.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAudit, "ddalab.broker.audit", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClient, "ddalab.client", QtInfoMsg)
