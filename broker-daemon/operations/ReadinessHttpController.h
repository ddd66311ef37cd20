#pragma once

#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QObject>

#include <chrono>
#include <optional>

class QTcpSocket;

namespace ddalab {

class HttpServer;
class Replication;
class StorageProbe;

// GET /ready: 200 while the database answers the readiness query through the storage thread
// within two seconds; 503 with the reason while it does not, while a replica's lease is lost or
// its outbox listener down, and once the broker shuts down.
// (GET /health only says that the process answers.)
class ReadinessHttpController : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kAnswerTimeout{2000};

    // replication: nullptr for one broker alone (SQLite).
    ReadinessHttpController(HttpServer &http, StorageProbe &probe, const Replication *replication,
                            QObject *parent = nullptr);

    void setShuttingDown() { m_shuttingDown = true; }

private:
    void get(const QHttpServerRequest &request, QTcpSocket *socket);
    QHttpServerResponse ready(qint64 schemaVersion);
    QHttpServerResponse unavailable(const QString &reason);

    HttpServer &m_http;
    StorageProbe &m_probe;
    const Replication *m_replication;
    bool m_shuttingDown = false;
    std::optional<bool> m_lastReady; // to log changes only
};

} // namespace ddalab
