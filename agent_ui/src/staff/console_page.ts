import "./kefu-console";
