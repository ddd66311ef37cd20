#pragma once

#include "support/DaemonProcess.h"
#include "support/WsTestClient.h"

#include <QObject>
#include <QSet>
#include <QStringList>

#include <memory>
#include <vector>

// Keeps a daemon busy publishing: several registered connections, each with a window of
// publish_share requests in flight (message_id = token), sending the next one as each reply
// arrives. Records what was sent and what was acknowledged, per connection and in order.
class PublishLoad : public QObject
{
    Q_OBJECT
public:
    PublishLoad(int connections, int window);
    ~PublishLoad() override;

    // Opens and registers the connections; false with the reason.
    bool open(const DaemonProcess &daemon, QString *error);
    void start();
    // Stops sending; replies to what was sent still arrive.
    void stop() { m_running = false; }

    qsizetype ackCount() const { return m_acked.size(); }
    qsizetype sentCount() const { return m_sent.size(); }
    qsizetype inFlight() const;
    const QSet<QString> &acked() const { return m_acked; }
    const QStringList &sent() const { return m_sent; }
    // Replies other than acks (there should be none), as text.
    const QStringList &unexpected() const { return m_unexpected; }
    // Whether each connection got its replies in the order it sent the requests.
    bool repliesInOrder() const { return m_outOfOrder == 0; }

    std::vector<std::unique_ptr<WsTestClient>> &clients() { return m_clients; }
    bool allClosed() const;

private:
    struct Lane
    {
        QString user;
        QStringList waiting; // tokens sent, not yet answered, in order
    };
    void sendNext(size_t lane);
    void onReply(size_t lane, const QString &text);

    int m_connections;
    int m_window;
    bool m_running = false;
    std::vector<std::unique_ptr<WsTestClient>> m_clients;
    std::vector<Lane> m_lanes;
    QStringList m_sent;
    QSet<QString> m_acked;
    QStringList m_unexpected;
    int m_outOfOrder = 0;
};
