#include "config/DatabaseUrl.h"
#include "storage/Database.h"
#include "storage/SqlShareStore.h"
#include "support/DatabaseInspector.h"
#include "support/StoreAnswer.h"
#include "support/TestAudit.h"
#include "support/TestDatabases.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <numeric>

using namespace Qt::StringLiterals;
using namespace ddalab;

Q_DECLARE_METATYPE(ddalab::AccessPolicy)
Q_DECLARE_METATYPE(std::optional<QString>)

namespace {

constexpr int kAnswerTimeoutMs = 10000;

const QString kAlice = u"alice@institution.edu"_s;
const QString kBob = u"bob@institution.edu"_s;
const QDateTime kCreatedAt(QDate(2025, 10, 3), QTime(12, 0, 0, 123), Qt::UTC);
const QDateTime kRevokedAt(QDate(2025, 10, 4), QTime(8, 30, 15, 456), Qt::UTC);

ShareRecord makeShare(const QString &token, const QString &owner = kAlice)
{
    ShareRecord share;
    share.token = token;
    share.metadata.ownerUserId = owner;
    share.metadata.resultId = u"result-"_s + token;
    share.metadata.title = u"My DDA Analysis"_s;
    share.metadata.description = u"EEG analysis from experiment X"_s;
    share.metadata.createdAt = kCreatedAt;
    share.metadata.accessPolicy = AccessPolicy::makePublic();
    return share;
}

QString describe(const AccessPolicy &policy)
{
    return accessPolicyKindName(policy.kind) + u"(team="_s + policy.teamId + u" users=["_s +
           policy.userIds.join(u',') + u"])"_s;
}

QString describeTime(const QDateTime &time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODateWithMs) : u"invalid"_s;
}

// Every stored field as text, so that QCOMPARE shows what differs.
QString describe(const ShareRecord &share)
{
    const ShareMetadata &m = share.metadata;
    return u"token=%1 owner=%2 result=%3 title=%4 description=%5 created_at=%6 policy=%7 "
           "revoked_at=%8"_s.arg(share.token, m.ownerUserId, m.resultId, m.title,
                                 m.description ? u'"' + *m.description + u'"' : u"null"_s,
                                 describeTime(m.createdAt), describe(m.accessPolicy),
                                 share.revokedAt ? describeTime(*share.revokedAt) : u"null"_s) +
           u" content_type=%1 classification=%2 download_count=%3 last_accessed_at=%4"_s.arg(
               contentTypeName(m.contentType), classificationName(m.classification),
               QString::number(share.usage.downloadCount),
               share.usage.lastAccessedAt ? describeTime(*share.usage.lastAccessedAt) : u"null"_s);
}

QString describe(const PublishResult &result)
{
    switch (result.status) {
    case PublishResult::Status::Created:
        return u"Created"_s;
    case PublishResult::Status::Updated:
        return u"Updated"_s;
    case PublishResult::Status::TokenTaken:
        return u"TokenTaken"_s;
    case PublishResult::Status::TokenRevoked:
        return u"TokenRevoked"_s;
    case PublishResult::Status::ExpiryInPast:
        return u"ExpiryInPast"_s;
    case PublishResult::Status::PhiNotPublic:
        return u"PhiNotPublic"_s;
    case PublishResult::Status::Failed:
        break;
    }
    return u"Failed: "_s + result.error;
}

QString describe(const RevokeResult &result)
{
    switch (result.status) {
    case RevokeResult::Status::Revoked:
        return u"Revoked"_s;
    case RevokeResult::Status::NotFound:
        return u"NotFound"_s;
    case RevokeResult::Status::NotOwner:
        return u"NotOwner"_s;
    case RevokeResult::Status::Failed:
        break;
    }
    return u"Failed: "_s + result.error;
}

QString describe(const LookupResult &result)
{
    switch (result.status) {
    case LookupResult::Status::Found:
        return u"Found"_s;
    case LookupResult::Status::NotFound:
        return u"NotFound"_s;
    case LookupResult::Status::Failed:
        break;
    }
    return u"Failed: "_s + result.error;
}

PublishResult publish(ShareStore &store, const ShareRecord &share)
{
    return awaitAnswer<PublishResult>(
        [&](QObject *context, auto done) { store.publish(share, testAudit(), context, done); });
}

RevokeResult revoke(ShareStore &store, const QString &token, const QString &owner,
                    const QDateTime &at = kRevokedAt)
{
    return awaitAnswer<RevokeResult>([&](QObject *context, auto done) {
        store.revoke(token, owner, at, testAudit(), context, done);
    });
}

LookupResult find(ShareStore &store, const QString &token)
{
    return awaitAnswer<LookupResult>(
        [&](QObject *context, auto done) { store.findShare(token, context, done); });
}

AccessCountResult addAccesses(ShareStore &store, const QList<ShareAccessCount> &accesses)
{
    return awaitAnswer<AccessCountResult>(
        [&](QObject *context, auto done) { store.addAccesses(accesses, context, done); });
}

ShareListResult listOwned(ShareStore &store, const QString &owner)
{
    return awaitAnswer<ShareListResult>(
        [&](QObject *context, auto done) { store.listOwnedShares(owner, 100, context, done); });
}

QString describe(const AccessCountResult &result)
{
    return result.status == AccessCountResult::Status::Written ? u"Written"_s
                                                               : u"Failed: "_s + result.error;
}

// The share store on a database of its own, opened as the daemon opens them: the database
// first, so that it outlives the store.
class TestStore
{
public:
    TestStore() = default;
    // Empty, with the reason in error, when the database cannot be opened.
    static TestStore open(const DatabaseUrl &url, QString *error)
    {
        TestStore store;
        store.m_database = Database::open(url, error);
        if (store.m_database)
            store.m_shares = std::make_unique<SqlShareStore>(*store.m_database);
        return store;
    }

    explicit operator bool() const { return m_shares != nullptr; }
    SqlShareStore *operator->() const { return m_shares.get(); }
    SqlShareStore &operator*() const { return *m_shares; }
    void reset()
    {
        m_shares.reset();
        m_database.reset();
    }

private:
    std::unique_ptr<Database> m_database;
    std::unique_ptr<SqlShareStore> m_shares;
};

// The migration versions this build ships for the engine, read from the compiled-in files.
QStringList shippedVersions(DatabaseUrl::Engine engine)
{
    const QString folder = engine == DatabaseUrl::Engine::PostgreSql
                               ? u":/sql/postgresql/migrations"_s
                               : u":/sql/sqlite/migrations"_s;
    static const QRegularExpression pattern(u"^(\\d{4})_[a-z0-9_]+\\.sql$"_s);
    QStringList versions;
    for (const QString &file : QDir(folder).entryList(QDir::Files, QDir::Name)) {
        const auto match = pattern.match(file);
        if (match.hasMatch())
            versions.append(QString::number(match.captured(1).toInt()));
    }
    return versions;
}

} // namespace

class tst_SqlShareStore : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void migrationsCreateSchema_data() { TestDatabases::addEngineRows(); }
    void migrationsCreateSchema();
    void newerSchemaIsRefused_data() { TestDatabases::addEngineRows(); }
    void newerSchemaIsRefused();

    void publishAndFind_data();
    void publishAndFind();
    void republishByOwnerUpdates_data() { TestDatabases::addEngineRows(); }
    void republishByOwnerUpdates();
    void republishByAnotherUserIsRefused_data() { TestDatabases::addEngineRows(); }
    void republishByAnotherUserIsRefused();
    void revokeByAnotherUserIsRefused_data() { TestDatabases::addEngineRows(); }
    void revokeByAnotherUserIsRefused();
    void revokeByOwner_data() { TestDatabases::addEngineRows(); }
    void revokeByOwner();
    void unknownToken_data() { TestDatabases::addEngineRows(); }
    void unknownToken();
    void tokensAreCaseSensitive_data() { TestDatabases::addEngineRows(); }
    void tokensAreCaseSensitive();

    void callbacksRunOnTheCallingThread_data() { TestDatabases::addEngineRows(); }
    void callbacksRunOnTheCallingThread();
    void backToBackPublishesAreAckedInOrder_data() { TestDatabases::addEngineRows(); }
    void backToBackPublishesAreAckedInOrder();
    void backToBackOperationsKeepTheirOrder_data() { TestDatabases::addEngineRows(); }
    void backToBackOperationsKeepTheirOrder();
    void groupedLookupsAnswerEachInOrder_data() { TestDatabases::addEngineRows(); }
    void groupedLookupsAnswerEachInOrder();
    void failedWriteDoesNotFailItsBatch_data() { TestDatabases::addEngineRows(); }
    void failedWriteDoesNotFailItsBatch();
    void goneContextGetsNoCallback_data() { TestDatabases::addEngineRows(); }
    void goneContextGetsNoCallback();

    void contentMetadataRoundTrips_data() { TestDatabases::addEngineRows(); }
    void contentMetadataRoundTrips();
    void accessesAddUp_data() { TestDatabases::addEngineRows(); }
    void accessesAddUp();
    void republishUpdatesContentKeepsCounts_data() { TestDatabases::addEngineRows(); }
    void republishUpdatesContentKeepsCounts();

    void dataSurvivesReopening_data() { TestDatabases::addEngineRows(); }
    void dataSurvivesReopening();
    void queuedWritesFinishBeforeClosing_data() { TestDatabases::addEngineRows(); }
    void queuedWritesFinishBeforeClosing();

private:
    // A fresh, empty database of the row's engine; fails the test (never skips) without one.
    bool freshDatabase(DatabaseUrl *url);
    // A fresh database with the store open on it.
    bool openFreshStore(DatabaseUrl *url, TestStore *store);

    QTemporaryDir m_dir;
};

void tst_SqlShareStore::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
}

bool tst_SqlShareStore::freshDatabase(DatabaseUrl *url)
{
    QFETCH(QString, engine);
    QString error;
    const QString text = TestDatabases::freshUrl(engine, m_dir, &error);
    if (text.isEmpty()) {
        QTest::qFail(qPrintable(u"no %1 database: %2"_s.arg(engine, error)), __FILE__, __LINE__);
        return false;
    }
    const auto parsed = DatabaseUrl::parse(text, &error);
    if (!parsed) {
        QTest::qFail(qPrintable(u"bad test database URL: "_s + error), __FILE__, __LINE__);
        return false;
    }
    *url = *parsed;
    return true;
}

bool tst_SqlShareStore::openFreshStore(DatabaseUrl *url, TestStore *store)
{
    if (!freshDatabase(url))
        return false;
    QString error;
    *store = TestStore::open(*url, &error);
    if (!*store) {
        QTest::qFail(qPrintable(u"Database::open: "_s + error), __FILE__, __LINE__);
        return false;
    }
    return true;
}

void tst_SqlShareStore::migrationsCreateSchema()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    const QStringList shipped = shippedVersions(url.engine);
    QVERIFY(!shipped.isEmpty());

    DatabaseInspector inspector(url);
    QVERIFY2(inspector.isOpen(), qPrintable(inspector.error()));
    const auto versions =
        inspector.rows(u"SELECT version FROM schema_migrations ORDER BY version"_s);
    QVERIFY2(versions, qPrintable(inspector.error()));
    QCOMPARE(*versions, shipped);
    // The tables the migrations make, empty.
    const auto shares = inspector.rows(u"SELECT count(*) FROM shared_results"_s);
    QVERIFY2(shares, qPrintable(inspector.error()));
    QCOMPARE(*shares, QStringList{u"0"_s});
    const auto backups = inspector.rows(u"SELECT count(*) FROM user_backups"_s);
    QVERIFY2(backups, qPrintable(inspector.error()));
    QCOMPARE(*backups, QStringList{u"0"_s});

    const QString everything =
        u"SELECT version, name, applied_at FROM schema_migrations ORDER BY version"_s;
    const auto before = inspector.rows(everything);
    QVERIFY2(before, qPrintable(inspector.error()));

    // A second open, while the first store is still open, and a third after both closed,
    // apply nothing: still exactly one row per version, unchanged.
    QString error;
    auto second = TestStore::open(url, &error);
    QVERIFY2(second, qPrintable(error));
    QCOMPARE(inspector.rows(everything), before);
    second.reset();
    store.reset();
    auto third = TestStore::open(url, &error);
    QVERIFY2(third, qPrintable(error));
    QCOMPARE(inspector.rows(everything), before);
    const auto counts = inspector.rows(
        u"SELECT version, count(*) FROM schema_migrations GROUP BY version ORDER BY version"_s);
    QVERIFY2(counts, qPrintable(inspector.error()));
    QStringList expectedCounts;
    for (const QString &version : shipped)
        expectedCounts.append(version + u"|1"_s);
    QCOMPARE(*counts, expectedCounts);

    // And the store works on the reopened database.
    QCOMPARE(describe(publish(*third, makeShare(u"after-reopen"_s))), u"Created"_s);
}

void tst_SqlShareStore::newerSchemaIsRefused()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;
    store.reset();

    {
        DatabaseInspector inspector(url);
        QVERIFY2(inspector.isOpen(), qPrintable(inspector.error()));
        QVERIFY2(inspector.exec(u"INSERT INTO schema_migrations (version, name) "
                                "VALUES (9999, '9999_from_a_newer_broker.sql')"_s),
                 qPrintable(inspector.error()));
    }

    QString error;
    store = TestStore::open(url, &error);
    QVERIFY(!store);
    QVERIFY2(error.contains("schema version 9999"_L1), qPrintable(error));
    QVERIFY2(error.contains("newer"_L1), qPrintable(error));
}

void tst_SqlShareStore::publishAndFind_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<AccessPolicy>("policy");
    QTest::addColumn<std::optional<QString>>("description");
    QTest::addColumn<QString>("title");
    QTest::addColumn<QDateTime>("createdAt");

    const std::optional<QString> text = u"EEG analysis from experiment X"_s;
    const std::optional<QString> null;
    const QString title = u"My DDA Analysis"_s;
    const AccessPolicy users =
        AccessPolicy::makeUsers({u"bob@institution.edu"_s, u"carol@institution.edu"_s});
    for (const QString &engine : TestDatabases::engines()) {
        const QByteArray e = engine.toUtf8();
        QTest::addRow("%s: public, description", e.constData())
            << engine << AccessPolicy::makePublic() << text << title << kCreatedAt;
        QTest::addRow("%s: public, null description", e.constData())
            << engine << AccessPolicy::makePublic() << null << title << kCreatedAt;
        // Empty, not null, as the codec reads "" from JSON.
        QTest::addRow("%s: empty description is not null", e.constData())
            << engine << AccessPolicy::makePublic() << std::optional<QString>(u""_s) << title
            << kCreatedAt;
        QTest::addRow("%s: empty title", e.constData())
            << engine << AccessPolicy::makePublic() << text << u""_s << kCreatedAt;
        QTest::addRow("%s: team", e.constData())
            << engine << AccessPolicy::makeTeam(u"eeg-lab"_s) << text << title << kCreatedAt;
        QTest::addRow("%s: users", e.constData()) << engine << users << null << title << kCreatedAt;
        QTest::addRow("%s: users, empty list", e.constData())
            << engine << AccessPolicy::makeUsers({}) << text << title << kCreatedAt;
        QTest::addRow("%s: last millisecond of a second", e.constData())
            << engine << AccessPolicy::makePublic() << text << title
            << QDateTime(QDate(2025, 10, 3), QTime(12, 0, 0, 999), Qt::UTC);
        QTest::addRow("%s: first millisecond of a second", e.constData())
            << engine << AccessPolicy::makePublic() << text << title
            << QDateTime(QDate(2025, 10, 3), QTime(12, 0, 0, 1), Qt::UTC);
        QTest::addRow("%s: last century", e.constData())
            << engine << AccessPolicy::makePublic() << text << title
            << QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC);
        QTest::addRow("%s: beyond 2038", e.constData())
            << engine << AccessPolicy::makePublic() << text << title
            << QDateTime(QDate(2100, 1, 1), QTime(0, 0, 0, 42), Qt::UTC);
        QTest::addRow("%s: non-UTC time zone given", e.constData())
            << engine << AccessPolicy::makePublic() << text << title
            << QDateTime(QDate(2025, 10, 3), QTime(14, 0, 0, 123), Qt::OffsetFromUTC, 7200);
        QTest::addRow("%s: Unicode and quotes", e.constData())
            << engine << users << std::optional<QString>(u"line one\nline 'two' \"quoted\" ✓"_s)
            << u"EEG — Ünïcödé ✓ 脑电 😀 '; DROP TABLE shared_results; --"_s << kCreatedAt;
        QTest::addRow("%s: longest description", e.constData())
            << engine << AccessPolicy::makePublic() << std::optional<QString>(QString(8192, u'd'))
            << QString(512, u't') << kCreatedAt;
    }
}

void tst_SqlShareStore::publishAndFind()
{
    QFETCH(AccessPolicy, policy);
    QFETCH(std::optional<QString>, description);
    QFETCH(QString, title);
    QFETCH(QDateTime, createdAt);

    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    ShareRecord share = makeShare(u"q3Zk8w0bXc1uN5pL2aR7-_"_s);
    share.metadata.accessPolicy = policy;
    share.metadata.description = description;
    share.metadata.title = title;
    share.metadata.createdAt = createdAt;
    QCOMPARE(describe(publish(*store, share)), u"Created"_s);

    const LookupResult found = find(*store, share.token);
    QCOMPARE(describe(found), u"Found"_s);
    QCOMPARE(describe(found.share), describe(share));
    QCOMPARE(found.share.metadata.description.has_value(), description.has_value());
    QCOMPARE(found.share.metadata.createdAt.toMSecsSinceEpoch(), createdAt.toMSecsSinceEpoch());
    QVERIFY(found.share.metadata == share.metadata);
    QVERIFY(!found.share.isRevoked());
}

void tst_SqlShareStore::republishByOwnerUpdates()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    const ShareRecord original = makeShare(u"token-1"_s);
    QCOMPARE(describe(publish(*store, original)), u"Created"_s);

    ShareRecord changed = original;
    changed.metadata.title = u"Second look"_s;
    changed.metadata.description = std::nullopt;
    changed.metadata.accessPolicy = AccessPolicy::makeUsers({kBob});
    QCOMPARE(describe(publish(*store, changed)), u"Updated"_s);
    const LookupResult afterFirstUpdate = find(*store, original.token);
    QCOMPARE(describe(afterFirstUpdate), u"Found"_s);
    QCOMPARE(describe(afterFirstUpdate.share), describe(changed));

    // And back: a string description again, another policy; result and creation time stay.
    ShareRecord again = changed;
    again.metadata.title = u"Third look"_s;
    again.metadata.description = u"now with a description"_s;
    again.metadata.accessPolicy = AccessPolicy::makeTeam(u"eeg-lab"_s);
    again.metadata.resultId = u"another-result"_s;
    again.metadata.createdAt = kCreatedAt.addDays(1);
    QCOMPARE(describe(publish(*store, again)), u"Updated"_s);

    ShareRecord expected = again;
    expected.metadata.resultId = original.metadata.resultId;
    expected.metadata.createdAt = original.metadata.createdAt;
    const LookupResult found = find(*store, original.token);
    QCOMPARE(describe(found), u"Found"_s);
    QCOMPARE(describe(found.share), describe(expected));
}

void tst_SqlShareStore::republishByAnotherUserIsRefused()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    const ShareRecord original = makeShare(u"token-1"_s, kAlice);
    QCOMPARE(describe(publish(*store, original)), u"Created"_s);

    ShareRecord hijack = makeShare(u"token-1"_s, kBob);
    hijack.metadata.title = u"Bob's now"_s;
    hijack.metadata.accessPolicy = AccessPolicy::makeUsers({kBob});
    QCOMPARE(describe(publish(*store, hijack)), u"TokenTaken"_s);

    const LookupResult found = find(*store, original.token);
    QCOMPARE(describe(found), u"Found"_s);
    QCOMPARE(describe(found.share), describe(original));
}

void tst_SqlShareStore::revokeByAnotherUserIsRefused()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    const ShareRecord original = makeShare(u"token-1"_s, kAlice);
    QCOMPARE(describe(publish(*store, original)), u"Created"_s);
    QCOMPARE(describe(revoke(*store, original.token, kBob)), u"NotOwner"_s);

    const LookupResult found = find(*store, original.token);
    QCOMPARE(describe(found), u"Found"_s);
    QCOMPARE(describe(found.share), describe(original));
    QVERIFY(!found.share.isRevoked());
}

void tst_SqlShareStore::revokeByOwner()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    const ShareRecord original = makeShare(u"token-1"_s, kAlice);
    QCOMPARE(describe(publish(*store, original)), u"Created"_s);
    QCOMPARE(describe(revoke(*store, original.token, kAlice, kRevokedAt)), u"Revoked"_s);

    // Revoked shares are still found, with the time of revocation.
    ShareRecord revoked = original;
    revoked.revokedAt = kRevokedAt;
    const LookupResult found = find(*store, original.token);
    QCOMPARE(describe(found), u"Found"_s);
    QVERIFY(found.share.isRevoked());
    QCOMPARE(found.share.revokedAt->toMSecsSinceEpoch(), kRevokedAt.toMSecsSinceEpoch());
    QCOMPARE(describe(found.share), describe(revoked));

    // A revoked share is gone for revoking, for its owner and anyone else.
    QCOMPARE(describe(revoke(*store, original.token, kAlice, kRevokedAt.addSecs(60))),
             u"NotFound"_s);
    QCOMPARE(describe(revoke(*store, original.token, kBob)), u"NotFound"_s);

    // Its token cannot be published again, by its owner or anyone else.
    ShareRecord republish = original;
    republish.metadata.title = u"Back again"_s;
    QCOMPARE(describe(publish(*store, republish)), u"TokenRevoked"_s);
    QCOMPARE(describe(publish(*store, makeShare(original.token, kBob))), u"TokenTaken"_s);

    // None of that changed the stored share, nor its revocation time.
    const LookupResult after = find(*store, original.token);
    QCOMPARE(describe(after), u"Found"_s);
    QCOMPARE(describe(after.share), describe(revoked));
}

void tst_SqlShareStore::unknownToken()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    QCOMPARE(describe(find(*store, u"never-published"_s)), u"NotFound"_s);
    QCOMPARE(describe(revoke(*store, u"never-published"_s, kAlice)), u"NotFound"_s);

    // With other shares around, too.
    QCOMPARE(describe(publish(*store, makeShare(u"published"_s))), u"Created"_s);
    QCOMPARE(describe(find(*store, u"never-published"_s)), u"NotFound"_s);
    QCOMPARE(describe(revoke(*store, u"never-published"_s, kAlice)), u"NotFound"_s);
    QCOMPARE(describe(find(*store, u"published"_s)), u"Found"_s);
}

void tst_SqlShareStore::tokensAreCaseSensitive()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    // Base64url tokens differ by case alone.
    QCOMPARE(describe(publish(*store, makeShare(u"AbCd"_s, kAlice))), u"Created"_s);
    QCOMPARE(describe(publish(*store, makeShare(u"abcd"_s, kBob))), u"Created"_s);
    QCOMPARE(describe(find(*store, u"ABCD"_s)), u"NotFound"_s);
    const LookupResult alices = find(*store, u"AbCd"_s);
    QCOMPARE(describe(alices), u"Found"_s);
    QCOMPARE(alices.share.metadata.ownerUserId, kAlice);
    const LookupResult bobs = find(*store, u"abcd"_s);
    QCOMPARE(describe(bobs), u"Found"_s);
    QCOMPARE(bobs.share.metadata.ownerUserId, kBob);
}

void tst_SqlShareStore::callbacksRunOnTheCallingThread()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    QObject context;
    QList<QThread *> threads;
    const auto record = [&threads](const auto &) {
        threads.append(QThread::currentThread());
    };
    store->publish(makeShare(u"token-1"_s), testAudit(), &context, record);
    store->revoke(u"token-1"_s, kAlice, kRevokedAt, testAudit(), &context, record);
    store->findShare(u"token-1"_s, &context, record);
    // Nothing answers synchronously.
    QVERIFY(threads.isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(threads.size(), 3, kAnswerTimeoutMs);
    for (QThread *thread : std::as_const(threads))
        QCOMPARE(thread, QThread::currentThread());
}

void tst_SqlShareStore::backToBackPublishesAreAckedInOrder()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    constexpr int kCount = 300;
    QObject context;
    QList<int> acked;
    QStringList statuses;
    for (int i = 0; i < kCount; ++i) {
        store->publish(makeShare(u"token-%1"_s.arg(i)), testAudit(), &context,
                       [&acked, &statuses, i](const PublishResult &result) {
                           acked.append(i);
                           statuses.append(describe(result));
                       });
    }
    QTRY_COMPARE_WITH_TIMEOUT(acked.size(), kCount, 60000);

    QList<int> inOrder(kCount);
    std::iota(inOrder.begin(), inOrder.end(), 0);
    QCOMPARE(acked, inOrder);
    QCOMPARE(statuses, QStringList(kCount, u"Created"_s));

    // Every one was stored.
    QList<int> found;
    for (int i = 0; i < kCount; ++i) {
        store->findShare(u"token-%1"_s.arg(i), &context, [&found, i](const LookupResult &result) {
            if (result.status == LookupResult::Status::Found &&
                result.share.token == u"token-%1"_s.arg(i))
                found.append(i);
            else
                found.append(-1);
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(found.size(), kCount, 60000);
    QCOMPARE(found, inOrder);
}

void tst_SqlShareStore::backToBackOperationsKeepTheirOrder()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    // Issued without waiting: each operation sees the effect of those issued before it.
    QObject context;
    QStringList answers;
    const auto note = [&answers](const QString &what) {
        return [&answers, what](const auto &result) {
            answers.append(what + describe(result));
        };
    };
    const QString token = u"token-1"_s;
    ShareRecord changed = makeShare(token, kAlice);
    changed.metadata.title = u"Changed"_s;

    store->findShare(token, &context, note(u"find "_s));
    store->publish(makeShare(token, kAlice), testAudit(), &context, note(u"publish "_s));
    store->publish(changed, testAudit(), &context, note(u"republish "_s));
    store->publish(makeShare(token, kBob), testAudit(), &context, note(u"hijack "_s));
    store->revoke(token, kBob, kRevokedAt, testAudit(), &context, note(u"revoke by bob "_s));
    store->findShare(token, &context, [&answers](const LookupResult &result) {
        answers.append(u"find "_s + describe(result) + u' ' + result.share.metadata.title +
                       (result.share.isRevoked() ? u" revoked"_s : u""_s));
    });
    store->revoke(token, kAlice, kRevokedAt, testAudit(), &context, note(u"revoke "_s));
    store->findShare(token, &context, [&answers](const LookupResult &result) {
        answers.append(u"find "_s + describe(result) + u' ' + result.share.metadata.title +
                       (result.share.isRevoked() ? u" revoked"_s : u""_s));
    });
    store->revoke(token, kAlice, kRevokedAt, testAudit(), &context, note(u"revoke again "_s));
    store->publish(makeShare(token, kAlice), testAudit(), &context, note(u"publish again "_s));

    const QStringList expected{
        u"find NotFound"_s,          u"publish Created"_s,
        u"republish Updated"_s,      u"hijack TokenTaken"_s,
        u"revoke by bob NotOwner"_s, u"find Found Changed"_s,
        u"revoke Revoked"_s,         u"find Found Changed revoked"_s,
        u"revoke again NotFound"_s,  u"publish again TokenRevoked"_s,
    };
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), expected.size(), kAnswerTimeoutMs);
    QCOMPARE(answers, expected);
}

// Lookups and publishes issued together reach the database as groups (one statement each on
// PostgreSQL); every caller still gets its own answer, in order, duplicates included.
void tst_SqlShareStore::groupedLookupsAnswerEachInOrder()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;
    QObject context;
    QStringList published;
    for (int i = 0; i < 40; ++i) {
        const QString token = u"group-%1"_s.arg(i);
        store->publish(makeShare(token), testAudit(), &context,
                       [&published, token](const PublishResult &result) {
                           published.append(token + u' ' + describe(result));
                       });
    }
    // A duplicate inside one group: the first creates, the second updates.
    store->publish(makeShare(u"group-0"_s), testAudit(), &context,
                   [&published](const PublishResult &result) {
                       published.append(u"group-0 again "_s + describe(result));
                   });
    QTRY_COMPARE_WITH_TIMEOUT(published.size(), 41, kAnswerTimeoutMs);
    QCOMPARE(published.first(), u"group-0 Created"_s);
    QCOMPARE(published.last(), u"group-0 again Updated"_s);
    QCOMPARE(revoke(*store, u"group-7"_s, kAlice).status, RevokeResult::Status::Revoked);

    QStringList expected;
    QStringList answers;
    for (int i = 0; i < 60; ++i) {
        // Known, unknown, a revoked one and repeats, all issued without waiting.
        const int index = i % 3 == 2 ? 7 : i;
        const QString token = u"group-%1"_s.arg(index);
        expected.append(token + (index < 40 ? u" Found"_s : u" NotFound"_s) +
                        (index == 7 ? u" revoked"_s : QString()));
        store->findShare(token, &context, [&answers, token](const LookupResult &result) {
            answers.append(token + u' ' + describe(result) +
                           (result.share.isRevoked() ? u" revoked"_s : QString()));
        });
    }
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), expected.size(), kAnswerTimeoutMs);
    QCOMPARE(answers, expected);
}

void tst_SqlShareStore::failedWriteDoesNotFailItsBatch()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    // A null QString binds as SQL NULL, which the NOT NULL title column refuses: one write
    // that the database fails, issued between good ones so that they share a transaction.
    ShareRecord broken = makeShare(u"broken"_s);
    broken.metadata.title = QString();
    QObject context;
    QStringList answers;
    const auto note = [&answers](const QString &what) {
        return [&answers, what](const auto &result) {
            answers.append(what + u' ' + describe(result).section(u':', 0, 0));
        };
    };
    store->publish(makeShare(u"before"_s), testAudit(), &context, note(u"before"_s));
    store->publish(broken, testAudit(), &context, note(u"broken"_s));
    store->publish(makeShare(u"after"_s), testAudit(), &context, note(u"after"_s));
    store->revoke(u"before"_s, kAlice, kRevokedAt, testAudit(), &context, note(u"revoke"_s));

    const QStringList expected{u"before Created"_s, u"broken Failed"_s, u"after Created"_s,
                               u"revoke Revoked"_s};
    QTRY_COMPARE_WITH_TIMEOUT(answers.size(), expected.size(), kAnswerTimeoutMs);
    QCOMPARE(answers, expected);

    QCOMPARE(describe(find(*store, u"broken"_s)), u"NotFound"_s);
    const LookupResult before = find(*store, u"before"_s);
    QCOMPARE(describe(before), u"Found"_s);
    QVERIFY(before.share.isRevoked());
    QCOMPARE(describe(find(*store, u"after"_s)), u"Found"_s);
    // The store keeps working.
    QCOMPARE(describe(publish(*store, makeShare(u"later"_s))), u"Created"_s);
}

void tst_SqlShareStore::goneContextGetsNoCallback()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    bool called = false;
    {
        QObject gone;
        store->publish(makeShare(u"token-1"_s), testAudit(), &gone,
                       [&called](const PublishResult &) { called = true; });
    }
    // Calls are carried out in order, so once the next one answered, the first was done.
    QCOMPARE(describe(find(*store, u"token-1"_s)), u"Found"_s);
    QCoreApplication::processEvents();
    QVERIFY(!called);
}

// Every content type and classification is stored and read back as published.
void tst_SqlShareStore::contentMetadataRoundTrips()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    const QList<ContentType> types{ContentType::DdaResult, ContentType::Annotation,
                                   ContentType::Workflow, ContentType::ParameterSet,
                                   ContentType::DataSegment};
    const QList<Classification> classes{Classification::Phi, Classification::DeIdentified,
                                        Classification::Synthetic, Classification::Unclassified};
    QList<ShareRecord> shares;
    for (qsizetype i = 0; i < std::max(types.size(), classes.size()); ++i) {
        ShareRecord share = makeShare(u"content-%1"_s.arg(i));
        share.metadata.contentType = types.at(i % types.size());
        share.metadata.classification = classes.at(i % classes.size());
        QCOMPARE(describe(publish(*store, share)), u"Created"_s);
        shares.append(share);
    }
    for (const ShareRecord &share : std::as_const(shares)) {
        const LookupResult found = find(*store, share.token);
        QCOMPARE(describe(found), u"Found"_s);
        QCOMPARE(describe(found.share), describe(share));
    }

    // And as columns of their own, by name.
    DatabaseInspector inspector(url);
    QVERIFY2(inspector.isOpen(), qPrintable(inspector.error()));
    const auto rows = inspector.rows(u"SELECT content_type, classification, download_count, "
                                     "last_accessed_at FROM shared_results WHERE share_token = "
                                     "'content-3'"_s);
    QVERIFY2(rows, qPrintable(inspector.error()));
    QCOMPARE(*rows, QStringList{u"parameter_set|unclassified|0|"_s});
}

// Counted accesses add up per share, in one statement or several; last_accessed_at keeps the
// latest, whatever order the counts arrive in; unknown tokens change nothing.
void tst_SqlShareStore::accessesAddUp()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    const QDateTime t1(QDate(2026, 3, 4), QTime(8, 30, 0, 1), Qt::UTC);
    const QDateTime t2 = t1.addMSecs(1500);
    ShareRecord a = makeShare(u"token-a"_s);
    ShareRecord b = makeShare(u"token-b"_s);
    ShareRecord untouched = makeShare(u"token-c"_s);
    for (const ShareRecord &share : {a, b, untouched})
        QCOMPARE(describe(publish(*store, share)), u"Created"_s);

    // One share: the single-row statement.
    QCOMPARE(describe(addAccesses(*store, {{a.token, 2, t2}})), u"Written"_s);
    a.usage = {2, t2};
    QCOMPARE(describe(find(*store, a.token).share), describe(a));

    // Several, an earlier time for a among them, and a token nobody published.
    QCOMPARE(describe(addAccesses(
                 *store, {{a.token, 3, t1}, {b.token, 1, t1}, {u"never-published"_s, 5, t2}})),
             u"Written"_s);
    a.usage = {5, t2};
    b.usage = {1, t1};
    QCOMPARE(describe(find(*store, a.token).share), describe(a));
    QCOMPARE(describe(find(*store, b.token).share), describe(b));
    QCOMPARE(describe(find(*store, untouched.token).share), describe(untouched));
    QCOMPARE(describe(find(*store, u"never-published"_s)), u"NotFound"_s);

    // The owner's list carries the counts too.
    const ShareListResult listed = listOwned(*store, kAlice);
    QCOMPARE(listed.status, ShareListResult::Status::Found);
    QStringList described;
    for (const ShareRecord &share : listed.shares)
        described.append(describe(share));
    described.sort();
    QCOMPARE(described, (QStringList{describe(a), describe(b), describe(untouched)}));

    // Counts of a revoked share are still written (a request granted just before the revoke).
    QCOMPARE(describe(revoke(*store, b.token, kAlice)), u"Revoked"_s);
    QCOMPARE(describe(addAccesses(*store, {{b.token, 1, t2}})), u"Written"_s);
    b.usage = {2, t2};
    b.revokedAt = kRevokedAt;
    QCOMPARE(describe(find(*store, b.token).share), describe(b));
}

// The owner publishing its token again changes title, description, policy, content type,
// classification, expiry and limit: the id, creation time and the counts stay.
void tst_SqlShareStore::republishUpdatesContentKeepsCounts()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    ShareRecord original = makeShare(u"token-1"_s);
    original.metadata.contentType = ContentType::Workflow;
    original.metadata.classification = Classification::Phi;
    QCOMPARE(describe(publish(*store, original)), u"Created"_s);
    const QDateTime accessed(QDate(2026, 3, 4), QTime(8, 30, 0, 1), Qt::UTC);
    QCOMPARE(describe(addAccesses(*store, {{original.token, 4, accessed}})), u"Written"_s);

    ShareRecord again = original;
    again.metadata.title = u"Second look"_s;
    again.metadata.contentType = ContentType::Annotation;
    again.metadata.classification = Classification::Synthetic;
    QCOMPARE(describe(publish(*store, again)), u"Updated"_s);

    ShareRecord expected = again;
    expected.usage = {4, accessed};
    QCOMPARE(describe(find(*store, original.token).share), describe(expected));
}

void tst_SqlShareStore::dataSurvivesReopening()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    ShareRecord kept = makeShare(u"kept"_s);
    kept.metadata.description = std::nullopt;
    kept.metadata.accessPolicy = AccessPolicy::makeUsers({kBob});
    ShareRecord revoked = makeShare(u"revoked"_s);
    revoked.metadata.accessPolicy = AccessPolicy::makeTeam(u"eeg-lab"_s);
    QCOMPARE(describe(publish(*store, kept)), u"Created"_s);
    QCOMPARE(describe(publish(*store, revoked)), u"Created"_s);
    QCOMPARE(describe(revoke(*store, revoked.token, kAlice, kRevokedAt)), u"Revoked"_s);
    revoked.revokedAt = kRevokedAt;

    store.reset();
    QString error;
    store = TestStore::open(url, &error);
    QVERIFY2(store, qPrintable(error));

    const LookupResult foundKept = find(*store, kept.token);
    QCOMPARE(describe(foundKept), u"Found"_s);
    QCOMPARE(describe(foundKept.share), describe(kept));
    const LookupResult foundRevoked = find(*store, revoked.token);
    QCOMPARE(describe(foundRevoked), u"Found"_s);
    QCOMPARE(describe(foundRevoked.share), describe(revoked));
    // The rules still hold after reopening.
    QCOMPARE(describe(publish(*store, makeShare(kept.token, kBob))), u"TokenTaken"_s);
    QCOMPARE(describe(publish(*store, makeShare(revoked.token))), u"TokenRevoked"_s);
}

void tst_SqlShareStore::queuedWritesFinishBeforeClosing()
{
    DatabaseUrl url;
    TestStore store;
    if (!openFreshStore(&url, &store))
        return;

    // Close the store right after issuing writes, without waiting for them.
    constexpr int kCount = 20;
    QObject context;
    QStringList statuses;
    for (int i = 0; i < kCount; ++i)
        store->publish(
            makeShare(u"token-%1"_s.arg(i)), testAudit(), &context,
            [&statuses](const PublishResult &result) { statuses.append(describe(result)); });
    store->revoke(u"token-0"_s, kAlice, kRevokedAt, testAudit(), &context,
                  [&statuses](const RevokeResult &result) { statuses.append(describe(result)); });
    store.reset();

    // Every write was acknowledged (after it committed) ...
    QStringList expected(kCount, u"Created"_s);
    expected.append(u"Revoked"_s);
    QTRY_COMPARE_WITH_TIMEOUT(statuses.size(), expected.size(), kAnswerTimeoutMs);
    QCOMPARE(statuses, expected);

    // ... and is there for the next store.
    QString error;
    store = TestStore::open(url, &error);
    QVERIFY2(store, qPrintable(error));
    for (int i = 0; i < kCount; ++i) {
        const LookupResult found = find(*store, u"token-%1"_s.arg(i));
        QCOMPARE(describe(found), u"Found"_s);
        QCOMPARE(found.share.isRevoked(), i == 0);
    }
}

QTEST_GUILESS_MAIN(tst_SqlShareStore)
#include "tst_sqlsharestore.moc"
