#include "LogCategories.h"

Q_LOGGING_CATEGORY(lcBroker, "ddalab.broker")
Q_LOGGING_CATEGORY(lcWs, "ddalab.broker.ws")
Q_LOGGING_CATEGORY(lcHttp, "ddalab.broker.http")
Q_LOGGING_CATEGORY(lcShares, "ddalab.broker.shares")
Q_LOGGING_CATEGORY(lcStorage, "ddalab.broker.storage")
Q_LOGGING_CATEGORY(lcClient, "ddalab.client")
