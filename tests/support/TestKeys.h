#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QTemporaryDir;

// Keys and certificates for the tests, made with the openssl command.
class TestKeys
{
public:
    enum class Kind { Rsa, Ec }; // RSA 2048 bits, EC P-256

    // A key pair in dir, files KIND-private.pem and KIND-public.pem ("rsa" or "ec"); false with
    // the reason.
    static bool makeKeyPair(const QTemporaryDir &dir, Kind kind, QString *privatePath,
                            QString *publicPath, QString *error);
    // A self-signed certificate for commonName, also valid for localhost and 127.0.0.1, and its
    // unencrypted key, at the paths given.
    static bool makeCertificate(const QString &certPath, const QString &keyPath,
                                const QString &commonName, Kind kind, QString *error);
    // The file's bytes, empty when it cannot be read.
    static QByteArray readFile(const QString &path);

private:
    static bool runOpenssl(const QStringList &arguments, QString *error);
};
