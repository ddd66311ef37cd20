#pragma once

#include "config/ConfigError.h"

#include <QSslConfiguration>
#include <QString>

#include <optional>

namespace ddalab {

// The server side of TLS from PEM files: a certificate chain and its private key (RSA or EC).
class TlsConfiguration
{
public:
    // nullopt with the setting at fault and why when a file cannot be used.
    static std::optional<QSslConfiguration> load(const QString &certFile, const QString &keyFile,
                                                 ConfigError *error);
};

} // namespace ddalab
