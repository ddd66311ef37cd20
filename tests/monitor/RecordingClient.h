#pragma once

#include "client/BrokerClient.h"

#include <QHash>
#include <QList>

#include <functional>
#include <optional>

// A BrokerClient for tests that keeps every reply by message_id and every event in order, so a
// test can send, then wait for exactly the answer or event it expects (QTRY-style, no sleeps).
class RecordingClient
{
public:
    RecordingClient();

    ddalab::BrokerClient &client() { return m_client; }
    // Opens (with the bearer token, if any) and waits until connected.
    bool connectTo(const QUrl &url, const QString &token = {}, int timeoutMs = 10000);

    // Sends and returns the reply to it, or nullopt on timeout.
    std::optional<ddalab::protocol::Reply> request(const ddalab::protocol::Request &request,
                                                   int timeoutMs = 10000);
    // Sends and says whether the answer was an ack; otherwise `what` describes the answer.
    bool requestAck(const ddalab::protocol::Request &request, QString *what = nullptr);
    // The error code of the answer, or a description of what came instead.
    QString requestErrorCode(const ddalab::protocol::Request &request);

    // The first event of type T since the last clearEvents() that matches, waiting up to
    // timeoutMs; it stays recorded.
    template <typename T>
    std::optional<T> waitForEvent(std::function<bool(const T &)> matches = {},
                                  int timeoutMs = 10000);
    const QList<ddalab::protocol::Event> &events() const { return m_events; }
    void clearEvents() { m_events.clear(); }

    // Registers this connection as a desktop of userId at endpoint (waits for the ack).
    bool registerAs(const QString &userId, const QString &endpoint);

private:
    bool waitUntil(const std::function<bool()> &condition, int timeoutMs);

    ddalab::BrokerClient m_client;
    QHash<QString, ddalab::protocol::Reply> m_replies;
    QList<ddalab::protocol::Event> m_events;
};

template <typename T>
std::optional<T> RecordingClient::waitForEvent(std::function<bool(const T &)> matches,
                                               int timeoutMs)
{
    std::optional<T> found;
    waitUntil(
        [&] {
            for (const ddalab::protocol::Event &event : std::as_const(m_events)) {
                const T *typed = std::get_if<T>(&event);
                if (typed && (!matches || matches(*typed))) {
                    found = *typed;
                    return true;
                }
            }
            return false;
        },
        timeoutMs);
    return found;
}
