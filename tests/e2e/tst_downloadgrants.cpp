// Download grants against the real daemon, on SQLite and on PostgreSQL: share_info over
// WebSocket and HTTP carries a grant that verifies with nothing but the key fetched from
// /.well-known/jwks.json, checked by OpenSSL linked into this test (and once by the openssl
// command), never by the broker's own code; its claims name the share, the content, the owner
// and the requester; an expired, a tampered and an alg-swapped grant are refused; the key
// survives a restart; after a rotation the old grant still verifies and new grants carry the
// new kid; the private key is stored sealed; a denied request carries no grant; PostgreSQL
// without GRANT_KEY_FILE, and either engine with DOWNLOAD_GRANTS=false, runs without grants.

#include "support/BrokerReplies.h"
#include "support/DaemonProcess.h"
#include "support/DesktopFrames.h"
#include "support/HttpTestClient.h"
#include "support/RawDatabase.h"
#include "support/TestDatabases.h"
#include "support/WsTestClient.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

using namespace Qt::StringLiterals;
using namespace wire;

namespace {

const QString kAdminToken = u"download-grants-admin-token-7f2a19c4"_s;
const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QString kCarol = u"carol@institution.edu"_s;
const QString kAliceEndpoint = u"http://192.168.1.50:3001"_s;
const QString kIssuer = u"https://broker.institution.edu"_s;
constexpr qint64 kLifetime = 120;
constexpr qint64 kSkew = 30; // what a verifier allows between its clock and the broker's

QByteArray fromBase64Url(const QByteArray &text)
{
    return QByteArray::fromBase64(text, QByteArray::Base64UrlEncoding |
                                            QByteArray::AbortOnBase64DecodingErrors);
}

QByteArray toBase64Url(const QByteArray &bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

using PublicKey = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

// The EC P-256 public key of a JWK, built with OpenSSL from its x and y alone.
PublicKey publicKeyOf(const QJsonObject &jwk)
{
    PublicKey none(nullptr, &EVP_PKEY_free);
    const QByteArray x = fromBase64Url(jwk.value("x"_L1).toString().toLatin1());
    const QByteArray y = fromBase64Url(jwk.value("y"_L1).toString().toLatin1());
    if (jwk.value("kty"_L1).toString() != "EC"_L1 || jwk.value("crv"_L1).toString() != "P-256"_L1 ||
        x.size() != 32 || y.size() != 32)
        return none;
    const QByteArray point = QByteArray(1, '\x04') + x + y;
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                     size_t(point.size()));
    OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(builder);
    EVP_PKEY_CTX *context = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
    EVP_PKEY *key = nullptr;
    if (EVP_PKEY_fromdata_init(context) != 1 ||
        EVP_PKEY_fromdata(context, &key, EVP_PKEY_PUBLIC_KEY, params) != 1)
        key = nullptr;
    EVP_PKEY_CTX_free(context);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    return PublicKey(key, &EVP_PKEY_free);
}

// A JWS ES256 signature (r and s, 32 bytes each) as the DER that OpenSSL verifies.
QByteArray derSignature(const QByteArray &raw)
{
    if (raw.size() != 64)
        return {};
    ECDSA_SIG *signature = ECDSA_SIG_new();
    const auto *bytes = reinterpret_cast<const unsigned char *>(raw.constData());
    ECDSA_SIG_set0(signature, BN_bin2bn(bytes, 32, nullptr), BN_bin2bn(bytes + 32, 32, nullptr));
    unsigned char *der = nullptr;
    const int size = i2d_ECDSA_SIG(signature, &der);
    QByteArray out(reinterpret_cast<const char *>(der), size);
    OPENSSL_free(der);
    ECDSA_SIG_free(signature);
    return out;
}

// What a DDALAB API server does with a grant (README "Download grants"), written from that
// description: the claims when the grant verifies at `now` (seconds) against jwks; else
// nullopt with the reason.
std::optional<QJsonObject> verifyGrant(const QString &grant, const QJsonObject &jwks, qint64 now,
                                       QString *reason)
{
    const QList<QByteArray> parts = grant.toLatin1().split('.');
    if (parts.size() != 3) {
        *reason = u"not three parts"_s;
        return std::nullopt;
    }
    const QJsonObject header = QJsonDocument::fromJson(fromBase64Url(parts[0])).object();
    if (header.value("alg"_L1).toString() != "ES256"_L1) {
        *reason = u"alg is not ES256"_s;
        return std::nullopt;
    }
    const QString kid = header.value("kid"_L1).toString();
    QJsonObject jwk;
    for (const QJsonValue &key : jwks.value("keys"_L1).toArray())
        if (key.toObject().value("kid"_L1).toString() == kid)
            jwk = key.toObject();
    if (jwk.isEmpty() || jwk.value("alg"_L1).toString() != "ES256"_L1) {
        *reason = u"kid %1 is not in jwks.json"_s.arg(kid);
        return std::nullopt;
    }
    const PublicKey key = publicKeyOf(jwk);
    const QByteArray der = derSignature(fromBase64Url(parts[2]));
    const QByteArray signingInput = parts[0] + '.' + parts[1];
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    const bool verified =
        key && !der.isEmpty() &&
        EVP_DigestVerifyInit(context, nullptr, EVP_sha256(), nullptr, key.get()) == 1 &&
        EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(der.constData()),
                         size_t(der.size()),
                         reinterpret_cast<const unsigned char *>(signingInput.constData()),
                         size_t(signingInput.size())) == 1;
    EVP_MD_CTX_free(context);
    if (!verified) {
        *reason = u"the signature does not verify"_s;
        return std::nullopt;
    }
    const QJsonObject claims = QJsonDocument::fromJson(fromBase64Url(parts[1])).object();
    const qint64 exp = claims.value("exp"_L1).toInteger(-1);
    const qint64 iat = claims.value("iat"_L1).toInteger(-1);
    if (exp < 0 || iat < 0 || now >= exp + kSkew || iat > now + kSkew) {
        *reason = u"expired or not yet valid"_s;
        return std::nullopt;
    }
    if (claims.value("iss"_L1).toString() != kIssuer) {
        *reason = u"another issuer"_s;
        return std::nullopt;
    }
    return claims;
}

qint64 nowSeconds()
{
    return QDateTime::currentSecsSinceEpoch();
}

// A grant with one of its parts replaced.
QString withPart(const QString &grant, int index, const QByteArray &part)
{
    QList<QByteArray> parts = grant.toLatin1().split('.');
    parts[index] = part;
    return QString::fromLatin1(parts.join('.'));
}

QString kidOf(const QString &grant)
{
    const QByteArray header = grant.toLatin1().split('.').value(0);
    return QJsonDocument::fromJson(fromBase64Url(header)).object().value("kid"_L1).toString();
}

} // namespace

class TestDownloadGrants : public QObject
{
    Q_OBJECT

private slots:
    void grantOverWebSocketVerifies_data() { TestDatabases::addEngineRows(); }
    void grantOverWebSocketVerifies();
    void grantOverHttpVerifies_data() { TestDatabases::addEngineRows(); }
    void grantOverHttpVerifies();
    void expiredAndTamperedGrantsAreRefused_data() { TestDatabases::addEngineRows(); }
    void expiredAndTamperedGrantsAreRefused();
    void keyPersistsAcrossRestarts_data() { TestDatabases::addEngineRows(); }
    void keyPersistsAcrossRestarts();
    void rotationKeepsGrantsInFlight_data() { TestDatabases::addEngineRows(); }
    void rotationKeepsGrantsInFlight();
    void privateKeyIsSealed_data() { TestDatabases::addEngineRows(); }
    void privateKeyIsSealed();
    void deniedRequestCarriesNoGrant_data() { TestDatabases::addEngineRows(); }
    void deniedRequestCarriesNoGrant();
    void grantsOff_data();
    void grantsOff();

private:
    // Starts the daemon on a fresh database of engine; PostgreSQL gets a GRANT_KEY_FILE in dir,
    // SQLite the default beside its database file.
    static bool startDaemon(DaemonProcess &daemon, const QString &engine, const QTemporaryDir &dir,
                            QString *error, QString *databaseUrl = nullptr);
    static QJsonObject fetchJwks(const DaemonProcess &daemon);
    // Alice publishes content result-42 under a new token with policy; returns the token.
    static QString publish(WsTestClient &alice, const QJsonObject &policy = publicPolicy());
};

bool TestDownloadGrants::startDaemon(DaemonProcess &daemon, const QString &engine,
                                     const QTemporaryDir &dir, QString *error, QString *databaseUrl)
{
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, kAdminToken);
    daemon.setEnv(u"GRANT_LIFETIME_SECONDS"_s, QString::number(kLifetime));
    daemon.setEnv(u"GRANT_ISSUER"_s, kIssuer);
    daemon.setEnv(u"RATE_LIMIT_PER_SECOND"_s, u"100000"_s);
    daemon.setEnv(u"RATE_LIMIT_BURST"_s, u"100000"_s);
    if (engine == "postgresql"_L1) {
        const QString keyFile = dir.filePath(u"grant.key"_s);
        QFile file(keyFile);
        QByteArray key(32, '\0');
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(key.data()), 8);
        if (!file.open(QIODevice::WriteOnly) || file.write(key.toHex() + '\n') != 65) {
            *error = u"cannot write %1"_s.arg(keyFile);
            return false;
        }
        file.close();
        daemon.setEnv(u"GRANT_KEY_FILE"_s, keyFile);
    }
    return daemon.startOnFreshDatabase(engine, dir, error, databaseUrl);
}

QJsonObject TestDownloadGrants::fetchJwks(const DaemonProcess &daemon)
{
    HttpTestClient http;
    const HttpTestReply reply = http.getUrl(daemon.httpUrl(u"/.well-known/jwks.json"_s));
    if (reply.status != 200)
        return {};
    return reply.json();
}

QString TestDownloadGrants::publish(WsTestClient &alice, const QJsonObject &policy)
{
    const QString token = newToken();
    const ServerFrame ack =
        alice.roundTrip(publishShare(token, metadata(kAlice, u"result-42"_s, u"Run 42"_s, policy)));
    return isAck(ack) ? token : QString();
}

void TestDownloadGrants::grantOverWebSocketVerifies()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    WsTestClient bob;
    OPEN_REGISTERED(bob, daemon.wsUrl(), {}, kBob, u"http://192.168.1.60:3001"_s);
    const QString token = publish(alice, usersPolicy({kBob}));
    QVERIFY(!token.isEmpty());

    const ServerFrame reply = bob.roundTrip(requestShare(token, kBob));
    const QString grant = reply.json()["info"_L1]["grant"_L1].toString();
    QVERIFY2(!grant.isEmpty(), reply.text().constData());
    // The rest of share_info is what desktops read, unchanged; the codec reads the grant too.
    QCOMPARE(shareInfo(reply)->grant, grant);
    QCOMPARE(reply.json()["info"_L1]["owner_online"_L1].toBool(), true);

    const QJsonObject jwks = fetchJwks(daemon);
    QCOMPARE(jwks.value("keys"_L1).toArray().size(), 1);
    const QJsonObject jwk = jwks.value("keys"_L1).toArray().first().toObject();
    QCOMPARE(jwk.value("use"_L1).toString(), u"sig"_s);
    QCOMPARE(jwk.value("alg"_L1).toString(), u"ES256"_s);
    QCOMPARE(jwk.value("kid"_L1).toString(), kidOf(grant));

    QString reason;
    const auto claims = verifyGrant(grant, jwks, nowSeconds(), &reason);
    QVERIFY2(claims, qPrintable(reason));
    QCOMPARE(claims->value("iss"_L1).toString(), kIssuer);
    QCOMPARE(claims->value("sub"_L1).toString(), kBob);
    QCOMPARE(claims->value("share_token"_L1).toString(), token);
    QCOMPARE(claims->value("content_id"_L1).toString(), u"result-42"_s);
    QCOMPARE(claims->value("owner"_L1).toString(), kAlice);
    const qint64 iat = claims->value("iat"_L1).toInteger();
    QVERIFY(qAbs(iat - nowSeconds()) <= 5);
    QCOMPARE(claims->value("exp"_L1).toInteger() - iat, kLifetime);
    QVERIFY(claims->value("jti"_L1).toString().size() >= 16);

    // The openssl command agrees, from the published key alone.
    const PublicKey key = publicKeyOf(jwk);
    BIO *pem = BIO_new(BIO_s_mem());
    QVERIFY(key && PEM_write_bio_PUBKEY(pem, key.get()) == 1);
    char *pemData = nullptr;
    const long pemSize = BIO_get_mem_data(pem, &pemData);
    const QList<QByteArray> parts = grant.toLatin1().split('.');
    const QMap<QString, QByteArray> files{{u"pub.pem"_s, QByteArray(pemData, pemSize)},
                                          {u"sig.der"_s, derSignature(fromBase64Url(parts[2]))},
                                          {u"signed.txt"_s, parts[0] + '.' + parts[1]}};
    BIO_free(pem);
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        QFile file(dir.filePath(it.key()));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(it.value()) == it.value().size());
    }
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(u"openssl"_s,
                  {u"dgst"_s, u"-sha256"_s, u"-verify"_s, dir.filePath(u"pub.pem"_s),
                   u"-signature"_s, dir.filePath(u"sig.der"_s), dir.filePath(u"signed.txt"_s)});
    QVERIFY(openssl.waitForFinished(10000));
    QCOMPARE(openssl.readAll().trimmed(), QByteArray("Verified OK"));

    // Asking again soon gets the same grant (no new signature); another requester another one.
    const ServerFrame again = bob.roundTrip(requestShare(token, kBob));
    QCOMPARE(again.json()["info"_L1]["grant"_L1].toString(), grant);
    const ServerFrame byAlice = alice.roundTrip(requestShare(token, kAlice));
    const QString aliceGrant = byAlice.json()["info"_L1]["grant"_L1].toString();
    QVERIFY(!aliceGrant.isEmpty() && aliceGrant != grant);
    const auto aliceClaims = verifyGrant(aliceGrant, jwks, nowSeconds(), &reason);
    QVERIFY2(aliceClaims, qPrintable(reason));
    QCOMPARE(aliceClaims->value("sub"_L1).toString(), kAlice);
}

void TestDownloadGrants::grantOverHttpVerifies()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QString token = publish(alice);
    QVERIFY(!token.isEmpty());

    HttpTestClient http;
    const HttpTestReply jwksReply = http.getUrl(daemon.httpUrl(u"/.well-known/jwks.json"_s));
    QCOMPARE(jwksReply.status, 200);
    QVERIFY2(jwksReply.header("Cache-Control").contains("max-age="),
             jwksReply.header("Cache-Control").constData());

    const HttpTestReply reply = http.getUrl(daemon.httpUrl(u"/api/shares/"_s + token));
    QCOMPARE(reply.status, 200);
    const QString grant = reply.json().value("grant"_L1).toString();
    QVERIFY2(!grant.isEmpty(), reply.body.constData());
    QString reason;
    const auto claims = verifyGrant(grant, jwksReply.json(), nowSeconds(), &reason);
    QVERIFY2(claims, qPrintable(reason));
    QCOMPARE(claims->value("share_token"_L1).toString(), token);
    QCOMPARE(claims->value("content_id"_L1).toString(), u"result-42"_s);
    QCOMPARE(claims->value("owner"_L1).toString(), kAlice);
    // Nobody proved who asked (AUTH_MODE=none over HTTP): the grant names no requester.
    QVERIFY(!claims->contains("sub"_L1));
}

void TestDownloadGrants::expiredAndTamperedGrantsAreRefused()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QString token = publish(alice);
    QVERIFY(!token.isEmpty());
    const QString grant =
        alice.roundTrip(requestShare(token, kAlice)).json()["info"_L1]["grant"_L1].toString();
    const QJsonObject jwks = fetchJwks(daemon);
    QString reason;
    QVERIFY2(verifyGrant(grant, jwks, nowSeconds(), &reason), qPrintable(reason));

    // Past exp (beyond the skew): the verifier's clock moves, nobody sleeps.
    QVERIFY(!verifyGrant(grant, jwks, nowSeconds() + kLifetime + kSkew + 1, &reason));
    QCOMPARE(reason, u"expired or not yet valid"_s);

    // One byte of the payload changed: another content id.
    QByteArray payload = fromBase64Url(grant.toLatin1().split('.')[1]);
    const qsizetype at = payload.indexOf("result-42");
    QVERIFY(at > 0);
    payload[at + 8] = '3';
    QVERIFY(!verifyGrant(withPart(grant, 1, toBase64Url(payload)), jwks, nowSeconds(), &reason));
    QCOMPARE(reason, u"the signature does not verify"_s);

    // alg none without a signature, and HS256 keyed with the published key's x: refused for
    // their alg before any key is used.
    const QString kid = kidOf(grant);
    const QByteArray noneHeader = toBase64Url(R"({"alg":"none","kid":")" + kid.toLatin1() + "\"}");
    QVERIFY(
        !verifyGrant(withPart(withPart(grant, 0, noneHeader), 2, {}), jwks, nowSeconds(), &reason));
    QCOMPARE(reason, u"alg is not ES256"_s);
    const QByteArray hsHeader = toBase64Url(R"({"alg":"HS256","kid":")" + kid.toLatin1() + "\"}");
    const QByteArray hsInput = hsHeader + '.' + grant.toLatin1().split('.')[1];
    const QByteArray x = jwks["keys"_L1][0]["x"_L1].toString().toLatin1();
    const QByteArray mac = QMessageAuthenticationCode::hash(hsInput, x, QCryptographicHash::Sha256);
    QVERIFY(!verifyGrant(QString::fromLatin1(hsInput + '.' + toBase64Url(mac)), jwks, nowSeconds(),
                         &reason));
    QCOMPARE(reason, u"alg is not ES256"_s);
    // The header's kid changed to one that is not published.
    const QByteArray otherKid = toBase64Url(R"({"alg":"ES256","kid":"another-key"})");
    QVERIFY(!verifyGrant(withPart(grant, 0, otherKid), jwks, nowSeconds(), &reason));
}

void TestDownloadGrants::keyPersistsAcrossRestarts()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));
    QString grant;
    QString token;
    {
        WsTestClient alice;
        OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
        token = publish(alice);
        QVERIFY(!token.isEmpty());
        grant =
            alice.roundTrip(requestShare(token, kAlice)).json()["info"_L1]["grant"_L1].toString();
    }
    const QJsonObject before = fetchJwks(daemon);
    daemon.stop();
    QVERIFY2(daemon.start(&error), qPrintable(error));
    const QJsonObject after = fetchJwks(daemon);
    QCOMPARE(after, before);
    QString reason;
    QVERIFY2(verifyGrant(grant, after, nowSeconds(), &reason), qPrintable(reason));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QString next =
        alice.roundTrip(requestShare(token, kAlice)).json()["info"_L1]["grant"_L1].toString();
    QCOMPARE(kidOf(next), kidOf(grant));
    if (engine == "sqlite"_L1) {
        // The sealing key the broker made beside its database: the owner's alone.
        const QFileInfo keyFile(dir.filePath(u"grant-sealing.key"_s));
        QVERIFY(keyFile.exists());
        QCOMPARE(keyFile.size(), 32);
        QCOMPARE(keyFile.permissions() &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
    }
}

void TestDownloadGrants::rotationKeepsGrantsInFlight()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QString token = publish(alice);
    QVERIFY(!token.isEmpty());
    const QString old =
        alice.roundTrip(requestShare(token, kAlice)).json()["info"_L1]["grant"_L1].toString();

    HttpTestClient http;
    http.setBase(daemon.httpUrl(u"/"_s));
    QCOMPARE(http.send("POST", u"/api/admin/grant-keys/rotate"_s).status, 401);
    http.setBearer(kAdminToken.toUtf8());
    const HttpTestReply rotated = http.send("POST", u"/api/admin/grant-keys/rotate"_s);
    QCOMPARE(rotated.status, 200);
    const QString newKid = rotated.json().value("kid"_L1).toString();
    QVERIFY(!newKid.isEmpty() && newKid != kidOf(old));
    // The rotation is an administrator's action: its audit row names the new key.
    const HttpTestReply audit =
        http.getUrl(daemon.httpUrl(u"/api/admin/audit?action=admin.grant_key_rotated"_s));
    QCOMPARE(audit.status, 200);
    const QJsonArray rows = audit.json().value("entries"_L1).toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().toObject().value("target"_L1).toString(), newKid);

    const QJsonObject jwks = fetchJwks(daemon);
    QStringList kids;
    for (const QJsonValue &key : jwks.value("keys"_L1).toArray())
        kids.append(key.toObject().value("kid"_L1).toString());
    kids.sort();
    QStringList expected{kidOf(old), newKid};
    expected.sort();
    QCOMPARE(kids, expected);
    QString reason;
    QVERIFY2(verifyGrant(old, jwks, nowSeconds(), &reason), qPrintable(reason));

    // The same request again: a new grant under the new key, not the cached one.
    const QString fresh =
        alice.roundTrip(requestShare(token, kAlice)).json()["info"_L1]["grant"_L1].toString();
    QCOMPARE(kidOf(fresh), newKid);
    QVERIFY2(verifyGrant(fresh, jwks, nowSeconds(), &reason), qPrintable(reason));

    // A restart signs with the rotated key still.
    daemon.stop();
    QVERIFY2(daemon.start(&error), qPrintable(error));
    WsTestClient again;
    OPEN_REGISTERED(again, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    QCOMPARE(
        kidOf(
            again.roundTrip(requestShare(token, kAlice)).json()["info"_L1]["grant"_L1].toString()),
        newKid);
}

void TestDownloadGrants::privateKeyIsSealed()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QString databaseUrl;
    QVERIFY2(startDaemon(daemon, engine, dir, &error, &databaseUrl), qPrintable(error));
    const QJsonObject jwk = fetchJwks(daemon)["keys"_L1][0].toObject();
    QVERIFY(!jwk.isEmpty());

    RawDatabase raw(databaseUrl);
    QVERIFY2(raw.isOpen(), qPrintable(raw.error()));
    const auto rows = raw.rows(
        raw.isPostgres() ? u"SELECT kid, encode(sealed_private_key, 'hex') FROM grant_keys"_s
                         : u"SELECT kid, hex(sealed_private_key) FROM grant_keys"_s);
    QVERIFY2(rows, qPrintable(raw.error()));
    QCOMPARE(rows->size(), 1);
    const QStringList columns = rows->first().split(u'|');
    QCOMPARE(columns.value(0), jwk.value("kid"_L1).toString());
    const QByteArray stored = QByteArray::fromHex(columns.value(1).toLatin1());
    QVERIFY(stored.size() > 64);
    // A key in clear would be PEM text, or PKCS#8 DER: the EC key OID and the public point,
    // which the published x names.
    QVERIFY(!stored.contains("PRIVATE KEY"));
    QVERIFY(!stored.contains(QByteArray::fromHex("2a8648ce3d0201")));
    QVERIFY(!stored.contains(fromBase64Url(jwk.value("x"_L1).toString().toLatin1())));
}

void TestDownloadGrants::deniedRequestCarriesNoGrant()
{
    QFETCH(QString, engine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    QString error;
    QVERIFY2(startDaemon(daemon, engine, dir, &error), qPrintable(error));
    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    WsTestClient carol;
    OPEN_REGISTERED(carol, daemon.wsUrl(), {}, kCarol, u"http://192.168.1.70:3001"_s);
    const QString token = publish(alice, usersPolicy({kBob}));
    QVERIFY(!token.isEmpty());

    const ServerFrame denied = carol.roundTrip(requestShare(token, kCarol));
    QCOMPARE(errorCode(denied), u"ACCESS_DENIED"_s);
    QVERIFY(!denied.text().contains("grant"));
    const ServerFrame unknown = carol.roundTrip(requestShare(newToken(), kCarol));
    QCOMPARE(errorCode(unknown), u"SHARE_NOT_FOUND"_s);
    QVERIFY(!unknown.text().contains("grant"));
    HttpTestClient http;
    const HttpTestReply restricted = http.getUrl(daemon.httpUrl(u"/api/shares/"_s + token));
    QCOMPARE(restricted.status, 404);
    QVERIFY(!restricted.body.contains("grant"));
}

void TestDownloadGrants::grantsOff_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<QString>("downloadGrants");
    QTest::addColumn<QString>("logLine");
    QTest::newRow("postgresql without GRANT_KEY_FILE")
        << u"postgresql"_s << QString() << u"download grants are off"_s;
    QTest::newRow("sqlite, DOWNLOAD_GRANTS=false")
        << u"sqlite"_s << u"false"_s << u"DOWNLOAD_GRANTS is false"_s;
    QTest::newRow("postgresql, DOWNLOAD_GRANTS=false")
        << u"postgresql"_s << u"false"_s << u"DOWNLOAD_GRANTS is false"_s;
}

void TestDownloadGrants::grantsOff()
{
    QFETCH(QString, engine);
    QFETCH(QString, downloadGrants);
    QFETCH(QString, logLine);
    QTemporaryDir dir;
    DaemonProcess daemon;
    daemon.setEnv(u"BROKER_ADMIN_TOKEN"_s, kAdminToken);
    if (!downloadGrants.isEmpty())
        daemon.setEnv(u"DOWNLOAD_GRANTS"_s, downloadGrants);
    QString error;
    QVERIFY2(daemon.startOnFreshDatabase(engine, dir, &error), qPrintable(error));
    QTRY_VERIFY(daemon.output().contains(logLine));
    // No sealing key is made either.
    QVERIFY(!QFileInfo::exists(dir.filePath(u"grant-sealing.key"_s)));

    WsTestClient alice;
    OPEN_REGISTERED(alice, daemon.wsUrl(), {}, kAlice, kAliceEndpoint);
    const QString token = publish(alice);
    QVERIFY(!token.isEmpty());
    const ServerFrame reply = alice.roundTrip(requestShare(token, kAlice));
    QVERIFY(shareInfo(reply));
    QVERIFY(!reply.json()["info"_L1].toObject().contains("grant"_L1));

    QCOMPARE(fetchJwks(daemon), QJsonObject({{"keys"_L1, QJsonArray()}}));
    HttpTestClient http;
    http.setBase(daemon.httpUrl(u"/"_s));
    http.setBearer(kAdminToken.toUtf8());
    const HttpTestReply rotate = http.send("POST", u"/api/admin/grant-keys/rotate"_s);
    QCOMPARE(rotate.status, 409);
    QCOMPARE(rotate.json().value("code"_L1).toString(), u"GRANTS_DISABLED"_s);
}

QTEST_GUILESS_MAIN(TestDownloadGrants)
#include "tst_downloadgrants.moc"
