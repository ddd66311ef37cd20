#pragma once

#include "protocol/Messages.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QWebSocketServer>

class QWebSocket;

namespace monitor_test {

// A stand-in for the broker on a loopback port, speaking through the real codec: it answers
// monitor_subscribe with the snapshot it was given and pushes events on demand. For what the
// real daemon cannot be made to send on its own (several replicas, one of them dying); other
// requests go unanswered.
class ScriptedBroker : public QObject
{
    Q_OBJECT
public:
    explicit ScriptedBroker(QObject *parent = nullptr);

    bool listen();
    QUrl wsUrl() const;

    void setSnapshot(const ddalab::protocol::MonitorSnapshot &snapshot) { m_snapshot = snapshot; }
    // Sends event to every connection that subscribed.
    void push(const ddalab::protocol::Event &event);
    int subscribers() const;

private:
    void onConnection();
    void onMessage(QWebSocket *socket, const QString &text);

    QWebSocketServer m_server;
    ddalab::protocol::MonitorSnapshot m_snapshot;
    QList<QPointer<QWebSocket>> m_subscribers;
};

} // namespace monitor_test
