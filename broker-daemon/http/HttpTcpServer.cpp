#include "http/HttpTcpServer.h"

#include "http/HttpServer.h"

#include <QTcpSocket>

#include <memory>

namespace ddalab {

HttpTcpServer::HttpTcpServer(HttpServer &http, QObject *parent) : QTcpServer(parent), m_http(http)
{
}

void HttpTcpServer::incomingConnection(qintptr descriptor)
{
    auto socket = std::make_unique<QTcpSocket>();
    if (!socket->setSocketDescriptor(descriptor))
        return;
    socket->setParent(this);
    m_http.adoptConnection(socket.get());
    addPendingConnection(socket.release());
}

} // namespace ddalab
