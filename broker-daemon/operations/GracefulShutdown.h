#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace ddalab {

class BrokerServer;

// SIGTERM/SIGINT: stops accepting connections, lets every WebSocket receive the replies it is
// owed (their writes committed first, as always) and closes it with 1001 going away, lets HTTP
// requests waiting for the database get their answers, and reports when all that is done or
// the timeout has passed, whichever comes first.
class GracefulShutdown : public QObject
{
    Q_OBJECT
public:
    GracefulShutdown(BrokerServer &server, std::chrono::seconds timeout, QObject *parent = nullptr);

    void start();
    bool isStarted() const { return m_started; }

signals:
    void finished();

private:
    void finishIfIdle();
    void finish();

    BrokerServer &m_server;
    std::chrono::seconds m_timeout;
    QTimer m_deadline;
    bool m_started = false;
    bool m_finished = false;
};

} // namespace ddalab
