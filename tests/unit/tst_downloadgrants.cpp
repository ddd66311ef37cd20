// DownloadGrants and GrantCache in process, with a manual clock and an in-memory key store: a
// grant is reused while two thirds of its lifetime remain and then replaced; exp is iat plus
// the lifetime; a rotated-out key stays published until its grants expired; keys sealed under
// another sealing key stop the start; the cache stays within its bound.

#include "services/DownloadGrants.h"
#include "services/GrantCache.h"
#include "storage/GrantKeyStore.h"
#include "support/ManualClock.h"

#include "domain/ShareMetadata.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace ddalab;

namespace {

// Answers at once, from a list in memory.
class MemoryGrantKeyStore final : public GrantKeyStore
{
public:
    void loadKeys(QObject *, std::function<void(const GrantKeysResult &)> done) override
    {
        done(all());
    }
    void addFirstKey(const StoredGrantKey &key, QObject *,
                     std::function<void(const GrantKeysResult &)> done) override
    {
        if (std::none_of(keys.cbegin(), keys.cend(), [](const auto &k) { return !k.retiredAt; }))
            keys.append(key);
        done(all());
    }
    void rotate(const StoredGrantKey &key, const QDateTime &dropRetiredBefore, const AuditEntry &,
                QObject *, std::function<void(const GrantKeysResult &)> done) override
    {
        for (StoredGrantKey &stored : keys)
            if (!stored.retiredAt)
                stored.retiredAt = key.createdAt;
        keys.removeIf(
            [&](const auto &k) { return k.retiredAt && *k.retiredAt < dropRetiredBefore; });
        keys.append(key);
        done(all());
    }

    QList<StoredGrantKey> keys;

private:
    GrantKeysResult all() const { return {GrantKeysResult::Status::Found, keys, {}}; }
};

ShareRecord share(const QString &token)
{
    ShareRecord record;
    record.token = token;
    record.metadata.resultId = u"result-42"_s;
    record.metadata.ownerUserId = u"alice@lab.example"_s;
    return record;
}

QJsonObject claimsOf(const QString &grant)
{
    const QByteArray payload = grant.toLatin1().split('.').value(1);
    return QJsonDocument::fromJson(QByteArray::fromBase64(payload, QByteArray::Base64UrlEncoding))
        .object();
}

std::optional<KeySealer> sealer(const QTemporaryDir &dir, const QString &name)
{
    QString error;
    return KeySealer::fromFileCreating(dir.filePath(name), &error);
}

} // namespace

class TestDownloadGrantsUnit : public QObject
{
    Q_OBJECT

private slots:
    void grantIsReusedForTwoThirdsOfItsLifetime();
    void rotatedKeyStaysPublishedUntilItsGrantsExpired();
    void keysOfAnotherSealingKeyStopTheStart();
    void offWithoutSealer();
    void cacheStaysWithinItsBound();
};

void TestDownloadGrantsUnit::grantIsReusedForTwoThirdsOfItsLifetime()
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC));
    MemoryGrantKeyStore store;
    GrantSettings settings;
    settings.lifetime = std::chrono::seconds(300);
    DownloadGrants grants(settings, store, sealer(dir, u"seal.key"_s), clock);
    QString problem = u"unanswered"_s;
    grants.start([&](const QString &p) { problem = p; });
    QCOMPARE(problem, QString());
    QCOMPARE(store.keys.size(), 1);

    const QString first = grants.issue(share(u"tok"_s), u"bob"_s);
    const QJsonObject claims = claimsOf(first);
    QCOMPARE(claims.value("iat"_L1).toInteger(), 1'800'000'000);
    QCOMPARE(claims.value("exp"_L1).toInteger(), 1'800'000'300);
    QCOMPARE(claims.value("sub"_L1).toString(), u"bob"_s);
    QCOMPARE(claims.value("iss"_L1).toString(), u"ddalab-broker"_s);

    clock.advance(std::chrono::seconds(99));
    QCOMPARE(grants.issue(share(u"tok"_s), u"bob"_s), first);
    QVERIFY(grants.issue(share(u"tok"_s), u"carol"_s) != first);
    QVERIFY(!claimsOf(grants.issue(share(u"tok"_s), QString())).contains("sub"_L1));
    clock.advance(std::chrono::seconds(1));
    const QString second = grants.issue(share(u"tok"_s), u"bob"_s);
    QVERIFY(second != first);
    QCOMPARE(claimsOf(second).value("iat"_L1).toInteger(), 1'800'000'100);
}

void TestDownloadGrantsUnit::rotatedKeyStaysPublishedUntilItsGrantsExpired()
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC));
    MemoryGrantKeyStore store;
    GrantSettings settings;
    settings.lifetime = std::chrono::seconds(60);
    DownloadGrants grants(settings, store, sealer(dir, u"seal.key"_s), clock);
    grants.start([](const QString &) {});
    const QString oldKid = grants.publishedKeys().value(0).kid;
    QString newKid;
    DownloadGrants::RotateOutcome outcome = DownloadGrants::RotateOutcome::Failed;
    QObject context;
    grants.rotate(AuditEntry{}, &context, [&](DownloadGrants::RotateOutcome o, const QString &kid) {
        outcome = o;
        newKid = kid;
    });
    QCOMPARE(outcome, DownloadGrants::RotateOutcome::Rotated);
    QCOMPARE(grants.publishedKeys().size(), 2);
    clock.advance(std::chrono::seconds(60) + DownloadGrants::kPublishMargin);
    QCOMPARE(grants.publishedKeys().size(), 2);
    clock.advance(std::chrono::seconds(1));
    QCOMPARE(grants.publishedKeys().size(), 1);
    QCOMPARE(grants.publishedKeys().first().kid, newKid);
    QVERIFY(newKid != oldKid);
    // The next rotation deletes the key nobody can need any more.
    grants.rotate(AuditEntry{}, &context, [](DownloadGrants::RotateOutcome, const QString &) {});
    QCOMPARE(store.keys.size(), 2);
}

void TestDownloadGrantsUnit::keysOfAnotherSealingKeyStopTheStart()
{
    QTemporaryDir dir;
    ManualClock clock(QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC));
    MemoryGrantKeyStore store;
    {
        DownloadGrants first({}, store, sealer(dir, u"one.key"_s), clock);
        first.start([](const QString &) {});
    }
    DownloadGrants second({}, store, sealer(dir, u"two.key"_s), clock);
    QString problem;
    second.start([&](const QString &p) { problem = p; });
    QVERIFY2(problem.contains("GRANT_KEY_FILE"_L1), qPrintable(problem));
    QCOMPARE(store.keys.size(), 1);
}

void TestDownloadGrantsUnit::offWithoutSealer()
{
    ManualClock clock(QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC));
    MemoryGrantKeyStore store;
    DownloadGrants grants({}, store, std::nullopt, clock);
    QString problem = u"unanswered"_s;
    grants.start([&](const QString &p) { problem = p; });
    QCOMPARE(problem, QString());
    QVERIFY(!grants.enabled());
    QCOMPARE(grants.issue(share(u"tok"_s), u"bob"_s), QString());
    QVERIFY(grants.publishedKeys().isEmpty());
    QVERIFY(store.keys.isEmpty());
}

void TestDownloadGrantsUnit::cacheStaysWithinItsBound()
{
    GrantCache cache(2);
    cache.remember(u"a"_s, u"A"_s, 1000, 0);
    cache.remember(u"b"_s, u"B"_s, 2000, 0);
    // Full: entries past their reuse time go first.
    cache.remember(u"c"_s, u"C"_s, 3000, 1500);
    QCOMPARE(cache.size(), 2);
    QCOMPARE(cache.find(u"b"_s, 1500), std::optional<QString>(u"B"_s));
    QCOMPARE(cache.find(u"a"_s, 500), std::nullopt);
    // Full of live entries: all go.
    cache.remember(u"d"_s, u"D"_s, 4000, 1600);
    QCOMPARE(cache.size(), 1);
    QCOMPARE(cache.find(u"d"_s, 1600), std::optional<QString>(u"D"_s));
    QCOMPARE(cache.find(u"d"_s, 4000), std::nullopt);
    QCOMPARE(GrantCache::keyOf(u"ab"_s, u"c"_s, u"d"_s) ==
                 GrantCache::keyOf(u"a"_s, u"bc"_s, u"d"_s),
             false);
}

QTEST_GUILESS_MAIN(TestDownloadGrantsUnit)
#include "tst_downloadgrants.moc"
