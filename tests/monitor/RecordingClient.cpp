#include "RecordingClient.h"

#include "protocol/ErrorCode.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;
using namespace ddalab::protocol;

RecordingClient::RecordingClient()
{
    // Tests decide when a client comes back; nobody reconnects on its own in between.
    m_client.setReconnectDelays(std::chrono::hours(1), std::chrono::hours(1));
    auto keep = [this](const QString &messageId, Reply reply) {
        m_replies.insert(messageId, std::move(reply));
    };
    QObject::connect(&m_client, &BrokerClient::ackReceived, &m_client,
                     [keep](const QString &id) { keep(id, Ack{}); });
    QObject::connect(&m_client, &BrokerClient::errorReceived, &m_client,
                     [keep](const Error &error, const QString &id) { keep(id, error); });
    QObject::connect(&m_client, &BrokerClient::shareInfoReceived, &m_client,
                     [keep](const ShareInfo &info, const QString &id) { keep(id, info); });
    QObject::connect(
        &m_client, &BrokerClient::snapshotReceived, &m_client,
        [keep](const MonitorSnapshot &snapshot, const QString &id) { keep(id, snapshot); });
    QObject::connect(&m_client, &BrokerClient::sharesPageReceived, &m_client,
                     [keep](const SharesPage &page, const QString &id) { keep(id, page); });
    auto record = [this](Event event) {
        m_events.append(std::move(event));
    };
    QObject::connect(&m_client, &BrokerClient::userOnline, &m_client, record);
    QObject::connect(&m_client, &BrokerClient::userOffline, &m_client, record);
    QObject::connect(&m_client, &BrokerClient::userHeartbeat, &m_client, record);
    QObject::connect(&m_client, &BrokerClient::sharePublished, &m_client, record);
    QObject::connect(&m_client, &BrokerClient::shareUpdated, &m_client, record);
    QObject::connect(&m_client, &BrokerClient::shareRevoked, &m_client, record);
    QObject::connect(&m_client, &BrokerClient::statsReceived, &m_client, record);
}

bool RecordingClient::connectTo(const QUrl &url, const QString &token, int timeoutMs)
{
    m_client.setUrl(url);
    m_client.setBearerToken(token);
    m_client.open();
    return waitUntil(
               [this] {
                   return m_client.isConnected() ||
                          m_client.state() == BrokerClient::State::WaitingToReconnect;
               },
               timeoutMs) &&
           m_client.isConnected();
}

std::optional<Reply> RecordingClient::request(const Request &request, int timeoutMs)
{
    const QString id = m_client.send(request);
    if (id.isEmpty())
        return std::nullopt;
    if (!waitUntil([&] { return m_replies.contains(id); }, timeoutMs))
        return std::nullopt;
    return m_replies.take(id);
}

bool RecordingClient::requestAck(const Request &message, QString *what)
{
    const std::optional<Reply> reply = request(message);
    if (reply && std::holds_alternative<Ack>(*reply))
        return true;
    if (what) {
        if (!reply)
            *what = u"no reply"_s;
        else if (const auto *error = std::get_if<Error>(&*reply))
            *what = errorCodeName(error->code) + u": "_s + error->message;
        else
            *what = u"a reply of type "_s + replyTypeName(*reply);
    }
    return false;
}

QString RecordingClient::requestErrorCode(const Request &message)
{
    const std::optional<Reply> reply = request(message);
    if (!reply)
        return u"<no reply>"_s;
    if (const auto *error = std::get_if<Error>(&*reply))
        return errorCodeName(error->code);
    return u"<not an error: %1>"_s.arg(replyTypeName(*reply));
}

bool RecordingClient::registerAs(const QString &userId, const QString &endpoint)
{
    return requestAck(RegisterUser{userId, endpoint});
}

bool RecordingClient::waitUntil(const std::function<bool()> &condition, int timeoutMs)
{
    return QTest::qWaitFor(condition, timeoutMs);
}
