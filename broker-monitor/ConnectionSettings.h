#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace ddalab::monitor {

// Where the monitor connects and with what: the broker's WebSocket URL, the admin token, and
// for wss:// optionally a PEM file of certificates to trust (a lab's own authority).
struct ConnectionSettings
{
    QUrl url;
    QString token;
    QString caFile;

    bool usesTls() const { return url.scheme() == QLatin1StringView("wss"); }

    // The URL for what a person typed: "broker.lab:8080", "http://broker.lab:8080" or a full
    // "ws://broker.lab:8080/ws"; the scheme follows `tls`, the path defaults to /ws. nullopt
    // (with the reason) when there is no host.
    static std::optional<QUrl> brokerUrl(const QString &typed, bool tls, QString *error);
    // What to show in the address field for a URL: "broker.lab:8080" (and /path if not /ws).
    static QString address(const QUrl &url);
};

} // namespace ddalab::monitor
