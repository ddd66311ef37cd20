#pragma once

#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace ddalab {

// The server side of TLS from PEM files: a certificate chain and its private key (RSA or EC).
class TlsConfiguration
{
public:
    // nullopt with the reason (naming the setting) when a file cannot be used.
    static std::optional<QSslConfiguration> load(const QString &certFile, const QString &keyFile,
                                                 QString *error);
};

} // namespace ddalab
