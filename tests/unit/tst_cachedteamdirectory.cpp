// CachedTeamDirectory with a directory the test answers by hand and a clock it moves by hand:
// answers are kept for the configured time, callers waiting for one team share one question,
// failures are not kept, and callers that are gone get nothing.

#include "directory/CachedTeamDirectory.h"

#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace ddalab;

namespace {

class ManualClock final : public Clock
{
public:
    QDateTime now() const override { return m_now; }
    void advance(int seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now = QDateTime::fromMSecsSinceEpoch(1759492800000, Qt::UTC);
};

// Records the questions; the test answers them with answer().
class ScriptedDirectory final : public TeamDirectory
{
public:
    void membersOf(const QString &teamId, QObject *,
                   std::function<void(const TeamDirectoryResult &)> done) override
    {
        questions.append(teamId);
        m_pending.append(std::move(done));
    }
    void answer(const TeamDirectoryResult &result) { m_pending.takeFirst()(result); }

    QStringList questions;

private:
    QList<std::function<void(const TeamDirectoryResult &)>> m_pending;
};

TeamDirectoryResult found(const QSet<QString> &members)
{
    return {TeamDirectoryResult::Status::Found, members, {}};
}

// Collects the answers one caller receives.
struct Caller
{
    QObject context;
    QList<TeamDirectoryResult> answers;

    void ask(CachedTeamDirectory &directory, const QString &teamId)
    {
        directory.membersOf(teamId, &context,
                            [this](const TeamDirectoryResult &result) { answers.append(result); });
    }
};

} // namespace

class TestCachedTeamDirectory : public QObject
{
    Q_OBJECT

private slots:
    void keepsAnswersForTheConfiguredTime();
    void waitingCallersShareOneQuestion();
    void failuresAreNotKept();
    void zeroKeepsNothing();
    void goneCallersGetNothing();
};

void TestCachedTeamDirectory::keepsAnswersForTheConfiguredTime()
{
    ManualClock clock;
    ScriptedDirectory inner;
    CachedTeamDirectory cache(inner, clock, std::chrono::seconds(60));
    Caller caller;

    caller.ask(cache, u"lab"_s);
    QCOMPARE(inner.questions, QStringList{u"lab"_s});
    inner.answer(found({u"bob"_s}));
    QCOMPARE(caller.answers.size(), 1);
    QCOMPARE(caller.answers.last().members, QSet<QString>{u"bob"_s});

    // Within the minute: from the cache, answered later (never inside the call).
    clock.advance(59);
    caller.ask(cache, u"lab"_s);
    QCOMPARE(caller.answers.size(), 1);
    QTRY_COMPARE(caller.answers.size(), 2);
    QCOMPARE(caller.answers.last().members, QSet<QString>{u"bob"_s});
    QCOMPARE(inner.questions.size(), 1);

    // Another team is its own question.
    caller.ask(cache, u"other"_s);
    QCOMPARE(inner.questions, (QStringList{u"lab"_s, u"other"_s}));
    inner.answer(found({}));

    // After the minute the directory is asked again, and its new answer counts.
    clock.advance(1);
    caller.ask(cache, u"lab"_s);
    QCOMPARE(inner.questions.size(), 3);
    inner.answer(found({u"carol"_s}));
    QCOMPARE(caller.answers.last().members, QSet<QString>{u"carol"_s});
}

void TestCachedTeamDirectory::waitingCallersShareOneQuestion()
{
    ManualClock clock;
    ScriptedDirectory inner;
    CachedTeamDirectory cache(inner, clock, std::chrono::seconds(60));
    Caller first;
    Caller second;
    first.ask(cache, u"lab"_s);
    second.ask(cache, u"lab"_s);
    QCOMPARE(inner.questions.size(), 1);
    inner.answer(found({u"bob"_s}));
    QCOMPARE(first.answers.size(), 1);
    QCOMPARE(second.answers.size(), 1);
    QCOMPARE(second.answers.first().members, QSet<QString>{u"bob"_s});
}

void TestCachedTeamDirectory::failuresAreNotKept()
{
    ManualClock clock;
    ScriptedDirectory inner;
    CachedTeamDirectory cache(inner, clock, std::chrono::seconds(60));
    Caller caller;
    caller.ask(cache, u"lab"_s);
    inner.answer(TeamDirectoryResult::failed(u"server down"_s));
    QCOMPARE(caller.answers.last().status, TeamDirectoryResult::Status::Failed);
    caller.ask(cache, u"lab"_s);
    QCOMPARE(inner.questions.size(), 2);
    inner.answer(found({u"bob"_s}));
    QCOMPARE(caller.answers.last().status, TeamDirectoryResult::Status::Found);
}

void TestCachedTeamDirectory::zeroKeepsNothing()
{
    ManualClock clock;
    ScriptedDirectory inner;
    CachedTeamDirectory cache(inner, clock, std::chrono::seconds(0));
    Caller caller;
    caller.ask(cache, u"lab"_s);
    inner.answer(found({u"bob"_s}));
    caller.ask(cache, u"lab"_s);
    QCOMPARE(inner.questions.size(), 2);
}

void TestCachedTeamDirectory::goneCallersGetNothing()
{
    ManualClock clock;
    ScriptedDirectory inner;
    CachedTeamDirectory cache(inner, clock, std::chrono::seconds(60));
    int calls = 0;
    {
        QObject context;
        cache.membersOf(u"lab"_s, &context, [&calls](const TeamDirectoryResult &) { ++calls; });
    }
    inner.answer(found({u"bob"_s}));
    QCOMPARE(calls, 0);
    // From the cache too.
    auto context = std::make_unique<QObject>();
    cache.membersOf(u"lab"_s, context.get(), [&calls](const TeamDirectoryResult &) { ++calls; });
    context.reset();
    QCoreApplication::processEvents();
    QCOMPARE(calls, 0);
}

QTEST_GUILESS_MAIN(TestCachedTeamDirectory)
#include "tst_cachedteamdirectory.moc"
