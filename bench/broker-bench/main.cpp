// broker-bench: the broker's load generator. See BenchOptions for the scenarios.
#include "BenchOptions.h"
#include "BenchRunner.h"
#include "eventloop/EpollEventDispatcher.h"

#include <QCoreApplication>
#include <QTextStream>
#include <QTimer>

int main(int argc, char *argv[])
{
    // The load generator holds as many sockets as the broker: the same epoll loop keeps it
    // from being the bottleneck.
    QCoreApplication::setEventDispatcher(new ddalab::EpollEventDispatcher);
    QCoreApplication app(argc, argv);
    const auto parsed = BenchOptions::parse(app.arguments());
    if (const auto *message = std::get_if<QString>(&parsed)) {
        QTextStream(stderr) << *message << Qt::endl;
        return 2;
    }
    BenchRunner runner(std::get<BenchOptions>(parsed));
    QTimer::singleShot(0, &runner, &BenchRunner::start);
    return app.exec();
}
