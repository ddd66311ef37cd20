#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream(stderr) << "ddalab-broker-monitor: the monitor window is not built yet\n";
    return 1;
}
