#pragma once

#include "support/HttpTestReply.h"

#include <QTcpSocket>

#include <memory>

// One HTTP/1.1 connection to 127.0.0.1 written byte by byte, for what QNetworkAccessManager
// will not do: pipeline requests on one connection, send a head without its body, or half a
// body and then vanish.
class RawHttpConnection
{
public:
    // Connects (over TLS, without checking the certificate, when tls is set); false on failure.
    bool open(quint16 port, bool tls = false);
    // Writes and waits until the bytes left for the network.
    bool write(const QByteArray &bytes);
    // The next whole response (its body by Content-Length); status 0 when none came in time.
    HttpTestReply readResponse(int timeoutMs = 10000);
    // The next count whole responses, fewer when they did not all come in time.
    QList<HttpTestReply> readResponses(int count, int timeoutMs = 10000);
    // What arrived after the responses read so far.
    const QByteArray &unread() const { return m_buffer; }

    bool isConnected() const;
    bool waitForDisconnected(int timeoutMs = 10000);
    void abort() { m_socket->abort(); }

private:
    // Moves the first complete response off the buffer into reply.
    bool takeResponse(HttpTestReply *reply);

    std::unique_ptr<QTcpSocket> m_socket;
    QByteArray m_buffer;
};
