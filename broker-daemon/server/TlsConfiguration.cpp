#include "server/TlsConfiguration.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>

namespace ddalab {

using namespace Qt::StringLiterals;

std::optional<QSslConfiguration> TlsConfiguration::load(const QString &certFile,
                                                        const QString &keyFile, ConfigError *error)
{
    const QList<QSslCertificate> chain = QSslCertificate::fromPath(certFile, QSsl::Pem);
    if (chain.isEmpty()) {
        *error = {u"TLS_CERT_FILE"_s, u"no PEM certificate in %1"_s.arg(certFile)};
        return std::nullopt;
    }
    QFile file(keyFile);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = {u"TLS_KEY_FILE"_s, u"cannot read %1: %2"_s.arg(keyFile, file.errorString())};
        return std::nullopt;
    }
    const QByteArray pem = file.readAll();
    QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
    if (key.isNull()) {
        *error = {u"TLS_KEY_FILE"_s, u"no unencrypted RSA or EC private key in %1"_s.arg(keyFile)};
        return std::nullopt;
    }
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

} // namespace ddalab
