#include "BenchConnection.h"

#include "protocol/MessageCodec.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkRequest>

using namespace Qt::StringLiterals;
using namespace ddalab;

BenchConnection::BenchConnection(int index, const BenchOptions &options, QObject *parent)
    : QObject(parent), m_index(index), m_options(options),
      m_userId(u"bench-user-%1@lab.example"_s.arg(index)),
      // Seeded afresh each run: a run must publish new tokens, not update the last run's.
      m_random(QRandomGenerator::global()->generate())
{
    connect(&m_socket, &QWebSocket::connected, this, [this] {
        protocol::RegisterUser registration{.userId = m_userId,
                                            .endpoint = u"http://127.0.0.1:9/"_s};
        if (!m_options.password.isEmpty())
            registration.password = m_options.password;
        send(protocol::MessageCodec::encodeRequest(registration));
    });
    connect(&m_socket, &QWebSocket::textMessageReceived, this, &BenchConnection::onText);
    connect(&m_socket, &QWebSocket::disconnected, this, [this] {
        if (m_registered)
            emit dropped();
        else
            emit failed(m_socket.errorString());
    });
}

void BenchConnection::open()
{
    QNetworkRequest request(m_options.url);
    if (!m_options.bearerToken.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_options.bearerToken.toUtf8());
    m_socket.open(request);
}

void BenchConnection::run(BenchOptions::Scenario scenario)
{
    m_scenario = scenario;
    m_looping = true;
    if (!m_awaiting)
        sendNext();
}

void BenchConnection::preload(int *next, int total)
{
    m_preloadNext = next;
    m_preloadTotal = total;
    sendNext();
}

void BenchConnection::sendHeartbeat()
{
    if (!m_awaiting && isOpen())
        send(protocol::MessageCodec::encodeRequest(protocol::Heartbeat{m_userId}));
}

QString BenchConnection::shareToken(int index) const
{
    return m_options.tokenPrefix + QString::number(index).rightJustified(8, u'0');
}

BenchConnection::Operation BenchConnection::pickOperation()
{
    switch (m_scenario) {
    case BenchOptions::Scenario::Register:
        return Operation::Heartbeat;
    case BenchOptions::Scenario::Publish:
        return Operation::Publish;
    case BenchOptions::Scenario::Request:
    case BenchOptions::Scenario::Hold:
        return Operation::Request;
    case BenchOptions::Scenario::Mixed: {
        const int roll = int(m_random.bounded(100));
        return roll < 70 ? Operation::Request
                         : (roll < 90 ? Operation::Heartbeat : Operation::Publish);
    }
    }
    return Operation::Heartbeat;
}

void BenchConnection::sendNext()
{
    using namespace protocol;
    if (m_preloadNext) {
        if (*m_preloadNext >= m_preloadTotal) {
            m_preloadNext = nullptr;
            emit preloadDone();
            return;
        }
        const int index = (*m_preloadNext)++;
        const ShareMetadata metadata{.ownerUserId = m_userId,
                                     .resultId = u"result-%1"_s.arg(index),
                                     .title = u"Benchmark share"_s,
                                     .createdAt = QDateTime::currentDateTimeUtc()};
        send(MessageCodec::encodeRequest(PublishShare{shareToken(index), metadata}));
        return;
    }
    if (!m_looping)
        return;
    switch (pickOperation()) {
    case Operation::Heartbeat:
        send(MessageCodec::encodeRequest(Heartbeat{m_userId}));
        break;
    case Operation::Publish: {
        QByteArray bytes(16, Qt::Uninitialized);
        m_random.fillRange(reinterpret_cast<quint32 *>(bytes.data()), 4);
        const QString token = QString::fromLatin1(
            bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
        const ShareMetadata metadata{.ownerUserId = m_userId,
                                     .resultId = u"result-"_s + token,
                                     .title = u"Benchmark share"_s,
                                     .description = u"published by broker-bench"_s,
                                     .createdAt = QDateTime::currentDateTimeUtc()};
        send(MessageCodec::encodeRequest(PublishShare{token, metadata}));
        break;
    }
    case Operation::Request:
    case Operation::PublishPreload:
        send(MessageCodec::encodeRequest(
            RequestShare{shareToken(int(m_random.bounded(m_options.shares))), m_userId}));
        break;
    }
}

void BenchConnection::send(const QByteArray &frame)
{
    m_awaiting = true;
    m_sentAt.start();
    m_socket.sendTextMessage(QString::fromUtf8(frame));
}

void BenchConnection::onText(const QString &text)
{
    const qint64 elapsed = m_sentAt.nsecsElapsed();
    m_awaiting = false;
    // Replies are classified cheaply: only errors are parsed, for their code.
    const bool error = text.contains("\"type\":\"error\""_L1);
    if (!m_registered) {
        if (error) {
            emit failed(text);
            return;
        }
        m_registered = true;
        emit registered();
        return;
    }
    if (m_measuring) {
        m_latencies.record(elapsed);
        ++m_completed;
        if (error) {
            const QJsonObject reply = QJsonDocument::fromJson(text.toUtf8()).object();
            ++m_errors[reply.value("code"_L1).toString(u"UNKNOWN"_s)];
        }
    }
    sendNext();
}
