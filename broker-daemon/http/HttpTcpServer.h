#pragma once

#include <QTcpServer>

namespace ddalab {

class HttpServer;

// The plain-TCP listener of an HttpServer: hands each new connection to
// HttpServer::adoptConnection before the server reads from it.
class HttpTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit HttpTcpServer(HttpServer &http, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    HttpServer &m_http;
};

} // namespace ddalab
