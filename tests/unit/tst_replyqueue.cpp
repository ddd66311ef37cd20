#include "websocket/ReplyQueue.h"

#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;
using ddalab::ReplyQueue;

namespace {

// Everything the queue lets out now.
QList<QByteArray> drain(ReplyQueue &queue)
{
    QList<QByteArray> frames;
    while (auto frame = queue.takeNext())
        frames.append(*frame);
    return frames;
}

QByteArray frameFor(int index)
{
    return "reply-"_ba + QByteArray::number(index);
}

} // namespace

class tst_ReplyQueue : public QObject
{
    Q_OBJECT

private slots:
    void startsEmpty();
    void inOrderFillsLeaveAtOnce();
    void outOfOrderFillsLeaveInReserveOrder();
    void everyFillOrder_data();
    void everyFillOrder();
    void reservingWhileDraining();
    void unknownSlotsAreIgnored();
};

void tst_ReplyQueue::startsEmpty()
{
    ReplyQueue queue;
    QVERIFY(queue.isEmpty());
    QCOMPARE(queue.size(), size_t(0));
    QVERIFY(!queue.takeNext());
}

void tst_ReplyQueue::inOrderFillsLeaveAtOnce()
{
    ReplyQueue queue;
    const auto first = queue.reserve();
    const auto second = queue.reserve();
    QCOMPARE(queue.size(), size_t(2));
    QVERIFY(!queue.takeNext()); // reserved but unanswered

    queue.fill(first, frameFor(0));
    QCOMPARE(drain(queue), QList<QByteArray>{frameFor(0)});
    queue.fill(second, frameFor(1));
    QCOMPARE(drain(queue), QList<QByteArray>{frameFor(1)});
    QVERIFY(queue.isEmpty());
}

void tst_ReplyQueue::outOfOrderFillsLeaveInReserveOrder()
{
    ReplyQueue queue;
    const auto a = queue.reserve();
    const auto b = queue.reserve();
    const auto c = queue.reserve();

    // The last answer first: it waits for the two before it.
    queue.fill(c, "c"_ba);
    QVERIFY(drain(queue).isEmpty());
    QCOMPARE(queue.size(), size_t(3));

    // The first answer lets out only itself; b is still missing.
    queue.fill(a, "a"_ba);
    QCOMPARE(drain(queue), QList<QByteArray>{"a"_ba});
    QCOMPARE(queue.size(), size_t(2));

    // b releases itself and the waiting c.
    queue.fill(b, "b"_ba);
    QCOMPARE(drain(queue), (QList<QByteArray>{"b"_ba, "c"_ba}));
    QVERIFY(queue.isEmpty());
}

void tst_ReplyQueue::everyFillOrder_data()
{
    QTest::addColumn<QList<int>>("order");

    QList<int> order{0, 1, 2, 3};
    do {
        QStringList name;
        for (int index : order)
            name.append(QString::number(index));
        QTest::addRow("%s", qPrintable(name.join(u'-'))) << order;
    } while (std::next_permutation(order.begin(), order.end()));
}

void tst_ReplyQueue::everyFillOrder()
{
    QFETCH(QList<int>, order);

    ReplyQueue queue;
    QList<ReplyQueue::Slot> reserved;
    for (qsizetype i = 0; i < order.size(); ++i)
        reserved.append(queue.reserve());

    QList<bool> filled(order.size(), false);
    QList<QByteArray> sent;
    for (int index : order) {
        queue.fill(reserved[index], frameFor(index));
        filled[index] = true;
        sent += drain(queue);
        // What has left is exactly the longest answered prefix, in reserve order.
        qsizetype prefix = 0;
        while (prefix < filled.size() && filled[prefix])
            ++prefix;
        QCOMPARE(sent.size(), prefix);
        for (qsizetype i = 0; i < sent.size(); ++i)
            QCOMPARE(sent[i], frameFor(int(i)));
        QCOMPARE(queue.size(), size_t(order.size() - prefix));
    }
    QVERIFY(queue.isEmpty());
}

void tst_ReplyQueue::reservingWhileDraining()
{
    ReplyQueue queue;
    const auto first = queue.reserve();
    const auto second = queue.reserve();
    queue.fill(first, "1"_ba);
    QCOMPARE(drain(queue), QList<QByteArray>{"1"_ba});

    // A request arriving after some replies left still queues behind the unanswered one.
    const auto third = queue.reserve();
    queue.fill(third, "3"_ba);
    QVERIFY(drain(queue).isEmpty());
    queue.fill(second, "2"_ba);
    QCOMPARE(drain(queue), (QList<QByteArray>{"2"_ba, "3"_ba}));

    // After the queue ran empty, slots keep counting up and still work.
    const auto fourth = queue.reserve();
    QVERIFY(fourth > third);
    queue.fill(fourth, "4"_ba);
    QCOMPARE(drain(queue), QList<QByteArray>{"4"_ba});
}

void tst_ReplyQueue::unknownSlotsAreIgnored()
{
    ReplyQueue queue;
    const auto first = queue.reserve();
    queue.fill(first, "1"_ba);
    QCOMPARE(drain(queue), QList<QByteArray>{"1"_ba});

    // A slot that already left, and one never reserved.
    const auto second = queue.reserve();
    queue.fill(first, "stale"_ba);
    queue.fill(second + 100, "future"_ba);
    QVERIFY(drain(queue).isEmpty());
    QCOMPARE(queue.size(), size_t(1));

    queue.fill(second, "2"_ba);
    QCOMPARE(drain(queue), QList<QByteArray>{"2"_ba});
    QVERIFY(queue.isEmpty());

    // Filling an empty queue does nothing.
    queue.fill(second + 1, "nobody"_ba);
    QVERIFY(queue.isEmpty());
    QVERIFY(!queue.takeNext());
}

QTEST_GUILESS_MAIN(tst_ReplyQueue)
#include "tst_replyqueue.moc"
