#include "operations/HealthCheck.h"

#include "config/Config.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>

#include <memory>

namespace ddalab {

using namespace Qt::StringLiterals;

QUrl HealthCheck::healthUrl(const Config &config)
{
    QHostAddress host = config.bindAddress;
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress::LocalHost;
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress::LocalHostIPv6;
    QUrl url;
    url.setScheme(config.tlsEnabled() ? u"https"_s : u"http"_s);
    url.setHost(host.toString());
    url.setPort(config.port);
    url.setPath(u"/health"_s);
    return url;
}

int HealthCheck::run(const Config &config)
{
    QTextStream err(stderr);
    if (config.port == 0) {
        err << "--check-health: BIND_ADDR names port 0; there is no port to ask\n";
        return 1;
    }
    const QUrl url = healthUrl(config);
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setTransferTimeout(5000);
    std::unique_ptr<QNetworkReply> reply(network.get(request));
    // The probe talks to its own loopback port and sends nothing secret: the certificate (made
    // for the public name) is not what it checks.
    QObject::connect(reply.get(), &QNetworkReply::sslErrors, reply.get(),
                     [&reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
    QEventLoop loop;
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status == 200)
        return 0;
    err << "--check-health: " << url.toString() << ": "
        << (status != 0 ? u"HTTP %1"_s.arg(status) : reply->errorString()) << '\n';
    return 1;
}

} // namespace ddalab
