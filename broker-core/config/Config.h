#pragma once

#include "DatabaseUrl.h"

#include <QHostAddress>
#include <QString>

#include <chrono>

namespace ddalab {

// The daemon's settings, parsed once at start-up (command line > environment > defaults)
// and passed to the objects that need them.
struct Config
{
    DatabaseUrl database;        // DATABASE_URL, or the embedded SQLite file in dataDir
    bool databaseIsEmbedded = true;
    QString dataDir;             // DATA_DIR
    QHostAddress bindAddress = QHostAddress::Any; // BIND_ADDR host
    quint16 port = 8080;                          // BIND_ADDR port; 0 picks a free one
    std::chrono::seconds heartbeatTimeout{300};   // HEARTBEAT_TIMEOUT_SECONDS
};

} // namespace ddalab
