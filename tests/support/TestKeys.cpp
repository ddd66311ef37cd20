#include "support/TestKeys.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace {

QStringList newKeyArguments(TestKeys::Kind kind)
{
    if (kind == TestKeys::Kind::Rsa)
        return {u"-newkey"_s, u"rsa:2048"_s};
    return {u"-newkey"_s, u"ec"_s, u"-pkeyopt"_s, u"ec_paramgen_curve:prime256v1"_s};
}

} // namespace

bool TestKeys::runOpenssl(const QStringList &arguments, QString *error)
{
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(u"openssl"_s, arguments);
    if (!openssl.waitForFinished(60000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0) {
        *error = u"openssl %1 failed: %2 %3"_s.arg(arguments.join(u' '), openssl.errorString(),
                                                   QString::fromUtf8(openssl.readAll()));
        return false;
    }
    return true;
}

bool TestKeys::makeKeyPair(const QTemporaryDir &dir, Kind kind, QString *privatePath,
                           QString *publicPath, QString *error)
{
    const bool rsa = kind == Kind::Rsa;
    const QString name = rsa ? u"rsa"_s : u"ec"_s;
    *privatePath = dir.filePath(name + u"-private.pem"_s);
    *publicPath = dir.filePath(name + u"-public.pem"_s);
    const QString algorithm = rsa ? u"RSA"_s : u"EC"_s;
    const QString option = rsa ? u"rsa_keygen_bits:2048"_s : u"ec_paramgen_curve:P-256"_s;
    return runOpenssl({u"genpkey"_s, u"-algorithm"_s, algorithm, u"-pkeyopt"_s, option, u"-out"_s,
                       *privatePath},
                      error) &&
           runOpenssl({u"pkey"_s, u"-in"_s, *privatePath, u"-pubout"_s, u"-out"_s, *publicPath},
                      error);
}

bool TestKeys::makeCertificate(const QString &certPath, const QString &keyPath,
                               const QString &commonName, Kind kind, QString *error)
{
    return runOpenssl(QStringList{u"req"_s, u"-x509"_s} + newKeyArguments(kind) +
                          QStringList{u"-nodes"_s, u"-keyout"_s, keyPath, u"-out"_s, certPath,
                                      u"-days"_s, u"2"_s, u"-subj"_s, u"/CN="_s + commonName,
                                      u"-addext"_s, u"subjectAltName=DNS:localhost,IP:127.0.0.1"_s},
                      error);
}

QByteArray TestKeys::readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
