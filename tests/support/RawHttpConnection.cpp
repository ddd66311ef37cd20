#include "support/RawHttpConnection.h"

#include <QSslSocket>
#include <QTest>

using namespace Qt::StringLiterals;

bool RawHttpConnection::open(quint16 port, bool tls)
{
    if (tls) {
        auto socket = std::make_unique<QSslSocket>();
        socket->setPeerVerifyMode(QSslSocket::VerifyNone);
        socket->connectToHostEncrypted(u"127.0.0.1"_s, port);
        const bool encrypted = socket->waitForEncrypted(10000);
        m_socket = std::move(socket);
        return encrypted;
    }
    m_socket = std::make_unique<QTcpSocket>();
    m_socket->connectToHost(u"127.0.0.1"_s, port);
    return m_socket->waitForConnected(10000);
}

bool RawHttpConnection::write(const QByteArray &bytes)
{
    m_socket->write(bytes);
    while (m_socket->bytesToWrite() > 0) {
        if (!m_socket->waitForBytesWritten(10000))
            return false;
    }
    return true;
}

HttpTestReply RawHttpConnection::readResponse(int timeoutMs)
{
    const QList<HttpTestReply> responses = readResponses(1, timeoutMs);
    return responses.isEmpty() ? HttpTestReply() : responses.first();
}

QList<HttpTestReply> RawHttpConnection::readResponses(int count, int timeoutMs)
{
    QList<HttpTestReply> responses;
    (void)QTest::qWaitFor(
        [&] {
            m_buffer += m_socket->readAll();
            HttpTestReply reply;
            while (responses.size() < count && takeResponse(&reply))
                responses.append(reply);
            return responses.size() >= count ||
                   m_socket->state() != QAbstractSocket::ConnectedState;
        },
        timeoutMs);
    return responses;
}

bool RawHttpConnection::isConnected() const
{
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

bool RawHttpConnection::waitForDisconnected(int timeoutMs)
{
    return m_socket->state() == QAbstractSocket::UnconnectedState ||
           m_socket->waitForDisconnected(timeoutMs);
}

bool RawHttpConnection::takeResponse(HttpTestReply *reply)
{
    const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return false;
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    HttpTestReply::Headers headers;
    qsizetype length = 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        headers.append(qMakePair(line.left(colon).trimmed(), line.mid(colon + 1).trimmed()));
        if (headers.last().first.toLower() == "content-length")
            length = headers.last().second.toLongLong();
    }
    if (m_buffer.size() < headEnd + 4 + length)
        return false;
    reply->status = lines.first().split(' ').value(1).toInt();
    reply->headers = headers;
    reply->body = m_buffer.mid(headEnd + 4, length);
    m_buffer.remove(0, headEnd + 4 + length);
    return true;
}
